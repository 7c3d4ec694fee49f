package agentchat.agent.claudecode;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import agentchat.messages.MessageContent;
import agentchat.tools.ApprovalMode;
import agentchat.tools.ToolApproval;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * Answers the CLI's {@code can_use_tool} requests through agentchat's {@link ToolApproval} (which
 * asks the chat's sockets and counts no answer within the timeout as a denial). Each request waits on
 * a virtual thread of its own, so the CLI's output keeps being read meanwhile; cancel interrupts the
 * waits.
 */
final class PermissionRequests {

    private static final System.Logger LOG = System.getLogger(PermissionRequests.class.getName());

    private final String chatId;
    private final ApprovalMode mode;
    private final ToolApproval approval;
    private final CliProcess cli;
    private final Map<String, Thread> waiting = new ConcurrentHashMap<>();
    private volatile boolean cancelled;

    PermissionRequests(String chatId, ApprovalMode mode, ToolApproval approval, CliProcess cli) {
        this.chatId = chatId;
        this.mode = mode;
        this.approval = approval;
        this.cli = cli;
    }

    /** A {@code can_use_tool} request: {@code {tool_name, input, tool_use_id, ...}}. */
    void request(String requestId, JsonObject request) {
        JsonObject input = request.get("input") instanceof JsonObject object ? object : JsonValue.EMPTY_JSON_OBJECT;
        if (mode == ApprovalMode.NEVER) {
            // the CLI asks only for what its rules leave open; with approval off nobody is asked
            cli.send(CliMessages.allow(requestId, input));
            return;
        }
        String toolUseId = request.getString("tool_use_id", "permission-" + UUID.randomUUID());
        MessageContent.ToolUse call = new MessageContent.ToolUse(toolUseId, request.getString("tool_name", "?"), input);
        Thread wait = Thread.ofVirtual().name("claude-code-approval-" + chatId).unstarted(() -> decide(requestId, call));
        waiting.put(requestId, wait);
        wait.start();
    }

    /** The CLI gave up on a request (e.g. it was interrupted): stop waiting for its answer. */
    void abandon(String requestId) {
        Thread wait = waiting.get(requestId);
        if (wait != null) {
            wait.interrupt();
        }
    }

    /** Whether a user is being asked right now (the CLI is then silent for as long as that takes). */
    boolean anyWaiting() {
        return !waiting.isEmpty();
    }

    /** Stops every wait; each is answered with a denial. */
    void cancelAll() {
        cancelled = true;
        waiting.values().forEach(Thread::interrupt);
    }

    private void decide(String requestId, MessageContent.ToolUse call) {
        try {
            ToolApproval.Decision decision = cancelled
                    ? ToolApproval.Decision.deny("The turn was cancelled")
                    : approval.approve(chatId, call);
            cli.send(decision.approved()
                    ? CliMessages.allow(requestId, call.input())
                    : CliMessages.deny(requestId, denial(decision.message())));
        } catch (InterruptedException e) {
            cli.send(CliMessages.deny(requestId, denial("The turn was cancelled")));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "Approval of " + call.name() + " in chat " + chatId + " failed", e);
            cli.send(CliMessages.deny(requestId, denial("the approval could not be asked for")));
        } finally {
            waiting.remove(requestId);
        }
    }

    /** The same words agentchat's own tools use for a denied call. */
    private static String denial(String message) {
        return "The user denied this tool call" + (message == null || message.isEmpty() ? "." : ": " + message);
    }
}
