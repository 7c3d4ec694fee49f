package agentchat.agent.claudecode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import agentchat.agent.AgentCallbacks;
import agentchat.agent.AgentClient;
import agentchat.agent.AgentError;
import agentchat.agent.AgentResult;
import agentchat.agent.TerminalCallbacks;
import agentchat.agent.TurnRequest;
import agentchat.agent.Usage;
import agentchat.tools.ToolApproval;
import agentchat.tools.Workspaces;

/**
 * The {@code claude-code} provider: each turn runs the Claude Code CLI once, in the chat's workspace,
 * streaming its events into the turn's callbacks (see {@link ClaudeCodeTurn}). The CLI's tools, its
 * sessions and its cost report are its own; agentchat keeps storage, fan-out, cancel and approval.
 */
public final class ClaudeCodeClient implements AgentClient {

    private static final System.Logger LOG = System.getLogger(ClaudeCodeClient.class.getName());

    /** What the provider needs besides its settings: the chats' workspaces and who approves tool calls. */
    public record Context(ClaudeCodeSettings settings, Workspaces workspaces, ToolApproval approval) {
    }

    private final ClaudeCodeSettings settings;
    private final Workspaces workspaces;
    private final ToolApproval approval;
    private final Workspaces chatHomes;
    private final Map<String, String> serverEnv;
    private final Map<String, ClaudeCodeTurn> running = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    public ClaudeCodeClient(Context context) {
        this(context, System.getenv());
    }

    /** @param serverEnv the server's environment, of which only PATH is used (and passed on) */
    ClaudeCodeClient(Context context, Map<String, String> serverEnv) {
        this.settings = context.settings();
        this.workspaces = context.workspaces();
        this.approval = context.approval();
        // <home>/chats/<chatId>: the CLI's configuration, sessions and temporary files of one chat
        this.chatHomes = new Workspaces(settings.home().resolve("chats"), Optional.empty());
        this.serverEnv = serverEnv.containsKey("PATH") ? Map.of("PATH", serverEnv.get("PATH")) : Map.of();
        try {
            Files.createDirectories(settings.home());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the Claude Code home " + settings.home(), e);
        }
        LOG.log(System.Logger.Level.INFO, "Claude Code provider: {0}", settings);
        if (settings.versionCheck()) {
            Thread.ofVirtual().name("claude-code-version").start(this::logVersion);
        }
    }

    @Override
    public void sendMessage(TurnRequest request, AgentCallbacks callbacks) {
        TerminalCallbacks terminal = new TerminalCallbacks(callbacks);
        ClaudeCodeTurn turn = new ClaudeCodeTurn(settings, chatHomes, workspaces, approval, serverEnv, request, terminal);
        running.put(request.chatId(), turn);
        try {
            if (closed.get()) {
                terminal.onError(new AgentError(ClaudeCodeTurn.UPSTREAM_ERROR, "The agent client is closed",
                        request.sessionId(), settings.model(), Usage.NONE));
                return;
            }
            turn.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            terminal.onComplete(new AgentResult("cancelled", request.sessionId(), settings.model(), Usage.NONE));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "Claude Code turn of chat " + request.chatId() + " failed unexpectedly", e);
            terminal.onError(new AgentError(ClaudeCodeTurn.UPSTREAM_ERROR, "The agent failed unexpectedly",
                    request.sessionId(), settings.model(), Usage.NONE));
        } finally {
            running.remove(request.chatId(), turn);
            if (!terminal.ended()) {
                terminal.onError(new AgentError(ClaudeCodeTurn.UPSTREAM_ERROR, "The agent failed unexpectedly",
                        request.sessionId(), settings.model(), Usage.NONE));
            }
        }
    }

    @Override
    public void cancel(String chatId) {
        ClaudeCodeTurn turn = running.get(chatId);
        if (turn != null) {
            turn.cancel();
        }
    }

    /** Deletes the CLI's files of the chat: its sessions hold the whole conversation. */
    @Override
    public void chatDeleted(String chatId) {
        try {
            chatHomes.deleteChat(chatId);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not delete the Claude Code sessions of chat " + chatId
                    + " under " + settings.home() + "; delete them by hand", e);
        }
    }

    /** Kills every running CLI: none outlives the server. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            running.values().forEach(ClaudeCodeTurn::kill);
        }
    }

    /** Logs the CLI's version and how it compares with the tested one; a missing CLI is logged, not fatal. */
    private void logVersion() {
        Optional<Path> executable = CliInvocation.resolve(settings.command(), serverEnv.get("PATH"));
        if (executable.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "Claude Code CLI \"{0}\" not found: turns will fail with "
                    + "AGENT_NOT_CONFIGURED until it is installed (npm install -g @anthropic-ai/claude-code@{1}) "
                    + "or AGENT_CLAUDE_CODE_COMMAND names it", settings.command(), ClaudeCodeSettings.TESTED_VERSION);
            return;
        }
        try {
            ProcessBuilder builder = new ProcessBuilder(executable.get().toString(), "--version")
                    .redirectErrorStream(true).directory(settings.home().toFile());
            builder.environment().clear();
            builder.environment().putAll(Map.of("PATH", serverEnv.getOrDefault("PATH", "/usr/bin:/bin"),
                    "HOME", settings.home().toString(), "LANG", "C.UTF-8"));
            Process process = builder.start();
            process.getOutputStream().close();
            String output;
            try (var in = process.getInputStream()) {
                output = new String(in.readNBytes(4096), StandardCharsets.UTF_8).strip();
            }
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            String version = output.split("\\s+", 2)[0];
            if (ClaudeCodeSettings.TESTED_VERSION.equals(version)) {
                LOG.log(System.Logger.Level.INFO, "Claude Code {0} at {1}", version, executable.get());
            } else {
                LOG.log(System.Logger.Level.WARNING, "Claude Code at {0} reports \"{1}\"; agentchat is tested with {2}",
                        executable.get(), output, ClaudeCodeSettings.TESTED_VERSION);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not run \"" + executable.get() + " --version\"", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
