package agentchat.tools;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/** Hands out each chat's {@link Workspace}: {@code root/<chatId>}, or one shared directory for all chats. */
public final class Workspaces {

    private static final Pattern CHAT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    private final Path root;
    private final Optional<Path> shared;

    public Workspaces(Path root, Optional<Path> shared) {
        this.root = root.toAbsolutePath().normalize();
        this.shared = shared.map(p -> p.toAbsolutePath().normalize());
    }

    public static Workspaces from(ToolSettings settings) {
        return new Workspaces(settings.workspaceRoot(), settings.sharedWorkspace());
    }

    /** The chat's workspace; its directory is created when a tool first uses it. */
    public Workspace forChat(String chatId) {
        requireValidChatId(chatId);
        return shared.map(dir -> new Workspace(dir, true))
                .orElseGet(() -> new Workspace(root.resolve(chatId), false));
    }

    /**
     * Removes the chat's directory with everything in it (no-op with a shared workspace or when the
     * chat never used a tool).
     *
     * @throws java.io.UncheckedIOException when something in it cannot be deleted
     */
    public void deleteChat(String chatId) {
        forChat(chatId).delete();
    }

    private static void requireValidChatId(String chatId) {
        if (chatId == null || !CHAT_ID.matcher(chatId).matches()) {
            throw new IllegalArgumentException("not a valid chat id: " + chatId);
        }
    }
}
