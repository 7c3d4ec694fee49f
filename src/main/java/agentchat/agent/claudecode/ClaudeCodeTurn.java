package agentchat.agent.claudecode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

import agentchat.agent.AgentCallbacks;
import agentchat.agent.AgentError;
import agentchat.agent.AgentResult;
import agentchat.agent.TurnRequest;
import agentchat.agent.Usage;
import agentchat.json.Texts;
import agentchat.messages.Message;
import agentchat.messages.Role;
import agentchat.tools.ToolApproval;
import agentchat.tools.Workspaces;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * One user turn run by the CLI: resume the chat's session when it still matches the chat, else (or
 * when the CLI cannot resume it) start a new session that is given the stored conversation; then end
 * with exactly one of onComplete/onError.
 */
final class ClaudeCodeTurn {

    private static final System.Logger LOG = System.getLogger(ClaudeCodeTurn.class.getName());

    static final String AGENT_NOT_CONFIGURED = "AGENT_NOT_CONFIGURED";
    static final String UPSTREAM_ERROR = "UPSTREAM_ERROR";
    static final String UPSTREAM_AUTH = "UPSTREAM_AUTH";
    static final String UPSTREAM_TIMEOUT = "UPSTREAM_TIMEOUT";

    private final ClaudeCodeSettings settings;
    private final Workspaces chatHomes;
    private final Workspaces workspaces;
    private final ToolApproval approval;
    private final Map<String, String> serverEnv;
    private final TurnRequest request;
    private final AgentCallbacks callbacks;
    private final String model;
    private final ReentrantLock lock = new ReentrantLock();
    private boolean cancelled;
    private CliRun current;

    /**
     * @param chatHomes where the CLI keeps each chat's configuration and sessions
     * @param serverEnv what of the server's environment the CLI may see (PATH)
     */
    ClaudeCodeTurn(ClaudeCodeSettings settings, Workspaces chatHomes, Workspaces workspaces, ToolApproval approval,
                   Map<String, String> serverEnv, TurnRequest request, AgentCallbacks callbacks) {
        this.settings = settings;
        this.chatHomes = chatHomes;
        this.workspaces = workspaces;
        this.approval = approval;
        this.serverEnv = serverEnv;
        this.request = request;
        this.callbacks = callbacks;
        this.model = request.model() != null ? request.model() : settings.model();
    }

    /** Runs the turn; returns after its one terminal callback. */
    void run() throws InterruptedException {
        callbacks.onStatus("thinking");
        Optional<Path> executable = CliInvocation.resolve(settings.command(), serverEnv.get("PATH"));
        if (executable.isEmpty()) {
            error(AGENT_NOT_CONFIGURED, notFound(), request.sessionId(), null, Usage.NONE, null);
            return;
        }
        List<Message> conversation = request.conversation();
        if (conversation.isEmpty() || conversation.getLast().role() != Role.USER) {
            error(UPSTREAM_ERROR, "The conversation has no user message", request.sessionId(), null, Usage.NONE, null);
            return;
        }
        List<Message> earlier = conversation.subList(0, conversation.size() - 1);
        Path chatHome = chatHomes.forChat(request.chatId()).directory();
        Map<String, String> environment = CliInvocation.environment(settings, serverEnv, chatHome);
        SessionLedger ledger = new SessionLedger(chatHome);
        String sessionId = request.sessionId();
        Boolean resumed = null;
        String resumeId = null;
        if (sessionId != null) {
            if (SessionLedger.isSessionId(sessionId) && ledger.matches(sessionId, earlier)) {
                resumeId = sessionId;
            } else {
                LOG.log(System.Logger.Level.INFO, "Chat {0}: session {1} does not match the chat any more; "
                        + "starting a new one with the stored conversation", request.chatId(), sessionId);
                resumed = false;
            }
        }
        CliRun.Outcome outcome;
        try {
            outcome = attempt(executable.get(), environment, resumeId, resumeId == null ? Transcript.of(earlier,
                    settings.historyBudgetChars()) : null);
            if (resumeId != null && outcome != null && !outcome.cancelled() && !outcome.timedOut()
                    && !outcome.events().started()) {
                LOG.log(System.Logger.Level.WARNING, "Chat {0}: Claude Code could not resume session {1} ({2}); "
                        + "starting a new one with the stored conversation", request.chatId(), resumeId,
                        reason(outcome.events().result(), outcome.exitCode()));
                resumed = false;
                outcome = attempt(executable.get(), environment, null,
                        Transcript.of(earlier, settings.historyBudgetChars()));
            } else if (resumeId != null) {
                resumed = true;
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Claude Code could not be started", e);
            error(AGENT_NOT_CONFIGURED, "The Claude Code CLI could not be started (" + e.getMessage()
                    + "). Check AGENT_CLAUDE_CODE_COMMAND and the server log.", sessionId, null, Usage.NONE, resumed);
            return;
        }
        if (outcome == null) {
            callbacks.onComplete(new AgentResult("cancelled", sessionId, model, Usage.NONE, resumed));
            return;
        }
        CliEvents events = outcome.events();
        if (events.started()) {
            ledger.record(events.sessionId(), conversation);
        }
        finish(outcome, events.sessionId() != null ? events.sessionId() : sessionId, resumed);
    }

    /** Stops the turn: the CLI is interrupted and, failing that, killed; no new process starts after this. */
    void cancel() {
        CliRun run = stopStarting();
        if (run != null) {
            run.cancel();
        }
    }

    /** Kills the CLI now (the server is closing). */
    void kill() {
        CliRun run = stopStarting();
        if (run != null) {
            run.kill();
        }
    }

    /** No further process starts; returns the one running, if any. */
    private CliRun stopStarting() {
        lock.lock();
        try {
            cancelled = true;
            return current;
        } finally {
            lock.unlock();
        }
    }

    /** One CLI process; null when the turn was cancelled before it started. */
    private CliRun.Outcome attempt(Path executable, Map<String, String> environment, String resumeId, String transcript)
            throws IOException, InterruptedException {
        Path directory = workspaces.forChat(request.chatId()).directory();
        Files.createDirectories(Path.of(environment.get("TMPDIR")));
        List<String> arguments = CliInvocation.arguments(settings, executable, model, request.systemPrompt(), resumeId);
        lock.lock();
        CliRun run;
        try {
            if (cancelled) {
                return null;
            }
            CliProcess cli = CliProcess.start(arguments, environment, directory);
            run = new CliRun(cli, request.chatId(), callbacks, settings.approval(), approval, settings);
            current = run;
        } finally {
            lock.unlock();
        }
        return run.run(CliMessages.userMessage(transcript, request.conversation().getLast().content()));
    }

    private void finish(CliRun.Outcome outcome, String sessionId, Boolean resumed) {
        CliEvents events = outcome.events();
        Usage usage = events.usage();
        String usedModel = events.modelUsed() != null ? events.modelUsed() : model;
        JsonObject result = events.result();
        if (outcome.cancelled()) {
            callbacks.onComplete(new AgentResult("cancelled", sessionId, usedModel, usage, resumed));
        } else if (outcome.timedOut()) {
            error(UPSTREAM_TIMEOUT, "Claude Code printed nothing for " + settings.idleTimeout().toSeconds()
                    + " s and was stopped", sessionId, usedModel, usage, resumed);
        } else if (result == null) {
            error(UPSTREAM_ERROR, "Claude Code ended without finishing the turn (" + exit(outcome.exitCode())
                    + "; its messages are in the server log)", sessionId, usedModel, usage, resumed);
        } else if (!result.getBoolean("is_error", false) && "success".equals(result.getString("subtype", ""))) {
            callbacks.onComplete(new AgentResult(stopReason(result), sessionId, usedModel, usage, resumed));
        } else if ("error_max_turns".equals(result.getString("subtype", ""))) {
            callbacks.onComplete(new AgentResult("max_turns", sessionId, usedModel, usage, resumed));
        } else {
            int status = result.get("api_error_status") instanceof JsonNumber number ? number.intValue() : 0;
            error(status == 401 || status == 403 ? UPSTREAM_AUTH : UPSTREAM_ERROR,
                    "Claude Code: " + reason(result, outcome.exitCode()), sessionId, usedModel, usage, resumed);
        }
    }

    private void error(String code, String message, String sessionId, String usedModel, Usage usage, Boolean resumed) {
        callbacks.onError(new AgentError(code, message, sessionId, usedModel != null ? usedModel : model, usage,
                resumed));
    }

    /** The contract's stop reasons: the CLI's end_turn and max_tokens pass; anything else ended normally. */
    private static String stopReason(JsonObject result) {
        return "max_tokens".equals(result.getString("stop_reason", "")) ? "max_tokens" : "end_turn";
    }

    /** What the CLI said went wrong: its result text, else its errors, else how it exited. */
    static String reason(JsonObject result, Integer exitCode) {
        if (result != null) {
            if (result.get("result") instanceof JsonString text && !text.getString().isBlank()) {
                return Texts.abbreviate(text.getString().strip(), 500);
            }
            if (result.get("errors") instanceof jakarta.json.JsonArray errors && !errors.isEmpty()) {
                StringBuilder joined = new StringBuilder();
                for (JsonValue error : errors) {
                    joined.append(joined.isEmpty() ? "" : "; ")
                            .append(error instanceof JsonString s ? s.getString() : error.toString());
                }
                return Texts.abbreviate(joined.toString(), 500);
            }
            return "it reported " + result.getString("subtype", "an error");
        }
        return exit(exitCode);
    }

    private static String exit(Integer exitCode) {
        if (exitCode == null) {
            return "it did not exit";
        }
        return exitCode > 128 ? "it was killed by signal " + (exitCode - 128) : "exit code " + exitCode;
    }

    private String notFound() {
        return "The Claude Code CLI was not found: \"" + settings.command() + "\" is not an executable file"
                + (settings.command().contains("/") ? "" : " on PATH") + ". Install it (npm install -g "
                + "@anthropic-ai/claude-code@" + ClaudeCodeSettings.TESTED_VERSION + ") or set "
                + "AGENT_CLAUDE_CODE_COMMAND (agent.claude-code.command) to its path.";
    }
}
