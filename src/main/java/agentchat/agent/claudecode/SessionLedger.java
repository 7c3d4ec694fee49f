package agentchat.agent.claudecode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import agentchat.messages.Message;

/**
 * Which stored messages each Claude Code session has seen, kept beside the CLI's own session files
 * (so it is exactly as shared as they are). A session can be resumed when the chat still holds what
 * it saw plus that turn's answer; after a regenerate or an edit (messages replaced or deleted) it
 * cannot, and a new session gets the stored conversation instead.
 */
final class SessionLedger {

    private static final System.Logger LOG = System.getLogger(SessionLedger.class.getName());
    private static final Pattern SESSION_ID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final Path directory;

    /** @param chatHome the CLI's configuration directory of one chat */
    SessionLedger(Path chatHome) {
        this.directory = chatHome.resolve("agentchat-sessions");
    }

    /** Whether a session id is one the CLI could have made (a UUID); anything else never resumes. */
    static boolean isSessionId(String sessionId) {
        return sessionId != null && SESSION_ID.matcher(sessionId).matches();
    }

    /**
     * Whether {@code earlier} (the chat's messages before the new one) continues what the session saw:
     * those messages, then one answer. Unknown sessions (no entry) are given the benefit of the doubt.
     */
    boolean matches(String sessionId, List<Message> earlier) {
        Optional<List<String>> seen = read(sessionId);
        if (seen.isEmpty()) {
            return true;
        }
        List<String> ids = earlier.stream().map(Message::id).toList();
        return ids.size() == seen.get().size() + 1 && ids.subList(0, seen.get().size()).equals(seen.get());
    }

    /** Records that the session has now seen {@code sent} (the conversation up to the new user message). */
    void record(String sessionId, List<Message> sent) {
        if (!isSessionId(sessionId)) {
            return;
        }
        try {
            Files.createDirectories(directory);
            Path temp = Files.createTempFile(directory, sessionId, ".tmp");
            Files.write(temp, sent.stream().map(Message::id).toList(), StandardCharsets.UTF_8);
            Files.move(temp, directory.resolve(sessionId), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not record what session " + sessionId + " has seen", e);
        }
    }

    private Optional<List<String>> read(String sessionId) {
        try {
            return Optional.of(Files.readAllLines(directory.resolve(sessionId), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not read what session " + sessionId + " has seen", e);
            return Optional.empty();
        }
    }
}
