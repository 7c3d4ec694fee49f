package agentchat.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import agentchat.json.Json;
import jakarta.json.JsonObject;

/** A real WebSocket client (the JDK's) on a chat's socket, collecting the events it receives. */
public final class WsClient implements AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(15);

    private final WebSocket socket;
    private final BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
    private final List<JsonObject> seen = new ArrayList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();

    private WsClient(URI uri, String origin) {
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(WAIT);
        if (origin != null) {
            builder.header("Origin", origin);
        }
        this.socket = builder.buildAsync(uri, new Listener()).join();
    }

    /** Opens {@code /api/chats/{chatId}/ws?token=key} on the server at {@code base}. */
    public static WsClient open(URI base, String chatId, String key) {
        return new WsClient(wsUri(base, chatId, "token=" + key), null);
    }

    public static WsClient open(URI uri, String origin) {
        return new WsClient(uri, origin);
    }

    public static URI wsUri(URI base, String chatId, String query) {
        return URI.create("ws://" + base.getHost() + ":" + base.getPort() + "/api/chats/" + chatId + "/ws?" + query);
    }

    public WsClient send(JsonObject frame) {
        return sendText(frame.toString());
    }

    public WsClient sendText(String text) {
        socket.sendText(text, true).join();
        return this;
    }

    /** Sends one message as several frames: the first ones with last=false, then continuation frames. */
    public WsClient sendFragments(String... fragments) {
        for (int i = 0; i < fragments.length; i++) {
            socket.sendText(fragments[i], i == fragments.length - 1).join();
        }
        return this;
    }

    public WsClient sendBinary(byte[] bytes) {
        socket.sendBinary(java.nio.ByteBuffer.wrap(bytes), true).join();
        return this;
    }

    /** True while the server has not closed the socket. */
    public boolean isOpen() {
        return !closed.isDone() && !socket.isInputClosed();
    }

    /**
     * Returns once the server has answered a frame on this socket (it subscribes the socket to its
     * chat before the upgrade completes; this also proves the socket is open and read). Only for an
     * idle chat: during a turn the first event would be the catch-up.
     */
    public WsClient awaitSubscribed() {
        JsonObject reply = sendText("{}").next();
        if (!reply.getString("type").equals("error")) {
            throw new AssertionError("Expected the error answering {}, got " + reply);
        }
        return this;
    }

    public WsClient sendMessage(String text) {
        return send(Json.object().add("type", "send_message").add("content", text).build());
    }

    public WsClient cancel() {
        return send(Json.object().add("type", "cancel").build());
    }

    /** The next event, failing the test when none comes in time. */
    public JsonObject next() {
        try {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (true) {
                JsonObject event = events.poll(50, TimeUnit.MILLISECONDS);
                if (event != null) {
                    seen.add(event);
                    return event;
                }
                if (closed.isDone() && events.isEmpty()) {
                    throw new AssertionError("Socket closed (code " + closed.getNow(0) + ") while waiting for an event; "
                            + seen.size() + " seen, the last: " + (seen.isEmpty() ? "none" : abbreviate(seen.getLast())));
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("No event within " + WAIT + "; " + seen.size() + " seen, the last: "
                            + (seen.isEmpty() ? "none" : abbreviate(seen.getLast())));
                }
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Events up to and including the first of {@code type}. */
    public List<JsonObject> until(String type) {
        return until(event -> event.getString("type").equals(type));
    }

    public List<JsonObject> until(Predicate<JsonObject> last) {
        List<JsonObject> collected = new ArrayList<>();
        while (true) {
            JsonObject event = next();
            collected.add(event);
            if (last.test(event)) {
                return collected;
            }
        }
    }

    /** Events up to the end of a turn: a terminal event then {@code status: idle}. */
    public List<JsonObject> untilIdle() {
        return until(event -> event.getString("type").equals("status") && event.getString("status").equals("idle"));
    }

    /** True when nothing arrives for {@code quiet}. */
    public boolean isQuietFor(Duration quiet) throws InterruptedException {
        JsonObject event = events.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
        if (event != null) {
            seen.add(event);
        }
        return event == null;
    }

    /** The close code the server sent, waiting for it. */
    public int awaitClose() {
        try {
            return closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("Socket not closed within " + WAIT, e);
        }
    }

    private static String abbreviate(JsonObject event) {
        String text = event.toString();
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }

    public static String text(List<JsonObject> events) {
        StringBuilder text = new StringBuilder();
        events.stream().filter(event -> event.getString("type").equals("message_delta"))
                .forEach(event -> text.append(event.getString("delta")));
        return text.toString();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
        }
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                events.add(Json.parseObject(partial.toString()));
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
        }
    }
}
