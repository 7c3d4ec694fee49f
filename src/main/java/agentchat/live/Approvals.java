package agentchat.live;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import agentchat.http.RedisUnavailableException;
import agentchat.messages.MessageContent;
import agentchat.tools.ToolApproval;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * Human approval of tool calls over the chat's sockets: a request goes to every socket of the chat
 * (and to sockets that join while it waits, through the catch-up); the first answer, from any
 * socket on any instance, decides; no answer within the timeout is a denial.
 */
public final class Approvals implements ToolApproval {

    private static final System.Logger LOG = System.getLogger(Approvals.class.getName());

    private final ChatBus bus;
    private final Duration timeout;

    public Approvals(ChatBus bus, Duration timeout) {
        this.bus = bus;
        this.timeout = timeout;
    }

    @Override
    public Decision approve(String chatId, MessageContent.ToolUse call) throws InterruptedException {
        String requestId = UUID.randomUUID().toString();
        CompletableFuture<ChatBus.Answer> answer = new CompletableFuture<>();
        try (ChatBus.Registration ignored = bus.awaitAnswer(chatId, requestId, answer::complete)) {
            bus.publish(chatId, Events.approvalRequest(requestId, call));
            ChatBus.Answer given = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return given.approved() ? new Decision(true, given.message()) : Decision.deny(given.message());
        } catch (TimeoutException e) {
            return Decision.deny("No answer within " + describe(timeout));
        } catch (ExecutionException e) {
            return Decision.deny(null);
        } catch (RedisUnavailableException e) {
            LOG.log(Level.WARNING, "Could not ask for approval in chat " + chatId + ": Redis unavailable");
            return Decision.deny("The approval could not be asked for (Redis unavailable)");
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
        if (!bus.answer(chatId, frame.getString("requestId"), new ChatBus.Answer(approved == JsonValue.TRUE, note))) {
            throw new ClientError("UNKNOWN_REQUEST", "No pending approval request with that id");
        }
    }
}
