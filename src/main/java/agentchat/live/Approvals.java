package agentchat.live;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import agentchat.messages.MessageContent;
import agentchat.tools.ToolApproval;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * Human approval of tool calls over the chat's sockets: a request goes to every socket of the chat
 * (and to sockets that join while it waits); the first answer decides; no answer within the timeout
 * is a denial.
 */
public final class Approvals implements ToolApproval {

    private record Pending(String chatId, String requestId, MessageContent.ToolUse call,
                           CompletableFuture<Decision> decision) {
    }

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Duration timeout;
    private Turns turns;

    public Approvals(Duration timeout) {
        this.timeout = timeout;
    }

    void attach(Turns turns) {
        this.turns = turns;
    }

    @Override
    public Decision approve(String chatId, MessageContent.ToolUse call) throws InterruptedException {
        Pending request = new Pending(chatId, UUID.randomUUID().toString(), call, new CompletableFuture<>());
        turns.publish(chatId, () -> pending.put(request.requestId(), request),
                Events.approvalRequest(request.requestId(), call));
        try {
            return request.decision().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return Decision.deny("No answer within " + describe(timeout));
        } catch (ExecutionException e) {
            return Decision.deny(null);
        } finally {
            pending.remove(request.requestId());
        }
    }

    private static String describe(Duration timeout) {
        long millis = timeout.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " seconds" : millis + " ms";
    }

    /** A client's {@code tool_approval_response}. */
    void answer(String chatId, JsonObject frame) {
        JsonValue requestId = frame.get("requestId");
        JsonValue approved = frame.get("approved");
        if (requestId == null || requestId.getValueType() != JsonValue.ValueType.STRING) {
            throw ClientError.validation("requestId must be a string");
        }
        if (approved == null || (approved != JsonValue.TRUE && approved != JsonValue.FALSE)) {
            throw ClientError.validation("approved must be true or false");
        }
        JsonValue message = frame.get("message");
        String note = message != null && message.getValueType() == JsonValue.ValueType.STRING
                ? frame.getString("message") : null;
        Pending request = pending.get(frame.getString("requestId"));
        if (request == null || !request.chatId().equals(chatId)) {
            throw new ClientError("UNKNOWN_REQUEST", "No pending approval request with that id");
        }
        request.decision().complete(approved == JsonValue.TRUE ? new Decision(true, note) : Decision.deny(note));
    }

    /** Requests still waiting in this chat, for a socket that joins now (called under the chat's lock). */
    List<String> catchUpEvents(String chatId) {
        return pending.values().stream()
                .filter(request -> request.chatId().equals(chatId))
                .map(request -> Events.approvalRequest(request.requestId(), request.call()))
                .toList();
    }
}
