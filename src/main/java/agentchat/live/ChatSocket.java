package agentchat.live;

import java.lang.System.Logger.Level;
import java.util.Optional;

import agentchat.http.QueryFlag;
import agentchat.http.RedisUnavailableException;
import agentchat.json.Json;
import agentchat.json.Texts;
import io.helidon.common.buffers.BufferData;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import io.helidon.websocket.WsUpgradeException;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * One client socket on one chat. Reads client frames (send_message, regenerate, edit_message, cancel,
 * tool_approval_response) and writes the chat's events through its {@link SocketOutbox}. It joins
 * the chat while the upgrade is accepted, before the 101 is written, so every event published after
 * the 101 reaches it. Closing it never stops a generation.
 */
final class ChatSocket implements WsListener {

    private static final System.Logger LOG = System.getLogger(ChatSocket.class.getName());

    private final LiveChats live;
    private final StringBuilder partial = new StringBuilder();
    private boolean discarding;
    private String chatId;
    private boolean imageData;
    private SocketOutbox outbox;
    private ChatBus.Registration registration;

    ChatSocket(LiveChats live) {
        this.live = live;
    }

    /** Called before Helidon writes the 101: join now, collecting events until {@link #onOpen}. */
    @Override
    public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) throws WsUpgradeException {
        chatId = live.admissions().take(headers, prologue)
                .orElseThrow(() -> new WsUpgradeException("Upgrade was not admitted by the policy route"));
        imageData = QueryFlag.read(prologue.query(), "imageData", true); // checked by the policy route
        outbox = new SocketOutbox(live.limits().wsBacklogBytes(), chatId, this::release);
        registration = live.turns().join(chatId, imageData ? outbox : new WithoutImageData(outbox));
        return Optional.empty();
    }

    @Override
    public void onOpen(WsSession session) {
        outbox.open(session);
    }

    @Override
    public void onMessage(WsSession session, String text, boolean last) {
        if (!discarding) {
            if (partial.length() + text.length() > live.limits().wsMessageBytes()) {
                release(partial);
                discarding = true;
            } else if (!last || !partial.isEmpty()) {
                partial.append(text);
            }
        }
        if (!last) {
            return;
        }
        if (discarding) {
            discarding = false;
            sendError("MESSAGE_TOO_LARGE", "Message exceeds " + live.limits().wsMessageBytes() + " characters");
            return;
        }
        String message = partial.isEmpty() ? text : partial.toString(); // one frame (what browsers send): no copy
        release(partial);
        try {
            handle(message);
        } catch (ClientError e) {
            sendError(e.code(), e.getMessage());
        } catch (RedisUnavailableException e) {
            sendError(e.code(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "Failed to handle a frame on chat " + chatId, e);
            sendError("INTERNAL_ERROR", "The message could not be handled");
        }
    }

    /** Empties the buffer and lets its memory go: an image's megabytes must not stay for the socket's life. */
    private static void release(StringBuilder buffer) {
        buffer.setLength(0);
        buffer.trimToSize();
    }

    @Override
    public void onMessage(WsSession session, BufferData buffer, boolean last) {
        if (last) {
            sendError("INVALID_JSON", "Binary frames are not supported; send JSON text frames");
        }
    }

    private void handle(String text) {
        JsonObject frame = parse(text);
        JsonValue type = frame.get("type");
        if (type == null || type.getValueType() != JsonValue.ValueType.STRING) {
            throw ClientError.validation("type must be a string");
        }
        switch (frame.getString("type")) {
            case "send_message" -> live.turns().start(chatId, live.input().parse(chatId, frame.get("content")), this::sendError);
            case "regenerate" -> live.turns().regenerate(chatId, this::sendError);
            case "edit_message" -> live.turns().edit(chatId, messageId(frame),
                    live.input().parse(chatId, frame.get("content")), this::sendError);
            case "cancel" -> live.turns().cancel(chatId);
            case "tool_approval_response" -> live.approvals().answer(chatId, frame);
            default -> throw ClientError.validation("Unknown message type: " + Texts.abbreviate(frame.getString("type"), 40));
        }
    }

    private static String messageId(JsonObject frame) {
        JsonValue id = frame.get("messageId");
        if (id == null || id.getValueType() != JsonValue.ValueType.STRING) {
            throw ClientError.validation("messageId must be a string");
        }
        return frame.getString("messageId");
    }

    private static JsonObject parse(String text) {
        JsonValue value;
        try {
            value = Json.parse(text);
        } catch (JsonException | IllegalStateException e) {
            throw new ClientError("INVALID_JSON", "Frame is not valid JSON");
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new ClientError("INVALID_JSON", "Frame must be a JSON object");
        }
        return value.asJsonObject();
    }

    private void sendError(String code, String message) {
        if (outbox != null) {
            outbox.deliver(Events.error(code, message, null));
        }
    }

    @Override
    public void onClose(WsSession session, int status, String reason) {
        release();
    }

    @Override
    public void onError(WsSession session, Throwable t) {
        LOG.log(Level.DEBUG, "Socket error on chat " + chatId, t);
        release();
    }

    private void release() {
        if (registration != null) {
            registration.close();
        }
        if (outbox != null) {
            outbox.stop();
        }
    }

}
