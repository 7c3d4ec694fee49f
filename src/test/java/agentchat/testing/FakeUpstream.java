package agentchat.testing;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * A real HTTP/1.1 server on 127.0.0.1 (ephemeral port) standing in for a model provider, for tests
 * and benchmarks. Replies are scripted: {@link #enqueue} adds {@link FakeReply}s that are served in
 * order, one per request, whatever the path; when the queue is empty the {@link #fallback} reply is
 * served (by default a 500 JSON error saying the script ran out). Every request is recorded with its
 * headers and body for assertions; whether the client dropped the connection early is observable
 * with {@link #awaitClientDisconnect}.
 *
 * <pre>{@code
 * try (FakeUpstream upstream = FakeUpstream.start()) {
 *     upstream.enqueue(FakeReply.sse(FakeUpstream.anthropicText("Hello", " world")));
 *     // point the client at upstream.baseUrl(), call it, then:
 *     assertThat(upstream.request(0).json().getString("model"), is("claude-sonnet-5-5"));
 * }
 * }</pre>
 * Each response carries {@code Connection: close}, so every request uses a connection of its own.
 * The static builders produce each provider's documented stream format; see {@link AnthropicStream}
 * and {@link OpenAiStream} for more control (ids, usage, several blocks).
 */
public final class FakeUpstream implements AutoCloseable {

    private final ServerSocket server;
    private final ExecutorService connections = Executors.newVirtualThreadPerTaskExecutor();
    private final Queue<FakeReply> script = new ConcurrentLinkedQueue<>();
    private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
    private final List<Socket> openSockets = new CopyOnWriteArrayList<>();
    private volatile BiFunction<RecordedRequest, FakeReply, FakeReply> responder = (request, reply) -> reply;
    private volatile FakeReply fallback = FakeReply.json(
            500, "{\"error\":{\"type\":\"fake_upstream\",\"message\":\"FakeUpstream has no scripted reply left\"}}");

    private FakeUpstream(ServerSocket server) {
        this.server = server;
        Thread.ofPlatform().daemon().name("fake-upstream-accept-" + server.getLocalPort()).start(this::acceptLoop);
    }

    public static FakeUpstream start() {
        try {
            ServerSocket socket = new ServerSocket();
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return new FakeUpstream(socket);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a local port", e);
        }
    }

    /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    public int port() {
        return server.getLocalPort();
    }

    public FakeUpstream enqueue(FakeReply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    /** The reply served whenever the script is empty, e.g. the same stream over and over for a benchmark. */
    public FakeUpstream fallback(FakeReply reply) {
        this.fallback = reply;
        return this;
    }

    /**
     * Passes every request and the reply chosen for it (scripted or fallback) through {@code answer},
     * which may change the reply or answer otherwise: e.g. {@link AnthropicCacheAccounting#answer}.
     */
    public FakeUpstream answerThrough(BiFunction<RecordedRequest, FakeReply, FakeReply> answer) {
        this.responder = answer;
        return this;
    }

    public List<RecordedRequest> requests() {
        return exchanges.stream().map(Exchange::request).toList();
    }

    public int requestCount() {
        return exchanges.size();
    }

    public RecordedRequest request(int index) {
        return exchanges.get(index).request();
    }

    /** Waits until request number {@code index} (0-based) has arrived. */
    public RecordedRequest awaitRequest(int index, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (exchanges.size() <= index) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("request " + index + " did not arrive within " + timeout);
            }
            Thread.sleep(5);
        }
        return exchanges.get(index).request();
    }

    /**
     * Whether the client closed request {@code index}'s connection before the reply was over. Only
     * observed while the server waits on a stalled/hanging reply or fails to write.
     */
    public boolean awaitClientDisconnect(int index, Duration timeout) throws InterruptedException {
        awaitRequest(index, timeout);
        return exchanges.get(index).disconnected().await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        openSockets.forEach(FakeUpstream::closeQuietly);
        connections.shutdownNow();
    }

    public static List<FakeEvent> anthropicText(String... deltas) {
        return new AnthropicStream().text(deltas).events();
    }

    /** A reply that asks for one tool, its input JSON streamed in the given chunks. */
    public static List<FakeEvent> anthropicToolUse(String id, String name, String... jsonInputChunks) {
        return new AnthropicStream().toolUse(id, name, jsonInputChunks).events();
    }

    public static List<FakeEvent> openAiText(String... deltas) {
        return new OpenAiStream().text(deltas).events();
    }

    /** A reply that asks for one tool, its arguments streamed in the given chunks. */
    public static List<FakeEvent> openAiToolCalls(String id, String name, String... argumentChunks) {
        return new OpenAiStream().toolCall(id, name, argumentChunks).events();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                openSockets.add(socket);
                connections.submit(() -> serve(socket));
            } catch (IOException | RuntimeException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        CountDownLatch disconnected = new CountDownLatch(1);
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            RecordedRequest request = HttpWire.readRequest(in);
            if (request == null) {
                return;
            }
            exchanges.add(new Exchange(request, disconnected));
            FakeReply scripted = script.poll();
            respond(responder.apply(request, scripted == null ? fallback : scripted), socket, in, disconnected);
        } catch (IOException e) {
            disconnected.countDown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            openSockets.remove(socket);
        }
    }

    private void respond(FakeReply reply, Socket socket, InputStream in, CountDownLatch disconnected)
            throws IOException, InterruptedException {
        OutputStream out = socket.getOutputStream();
        sleep(reply.delayBeforeHeaders());
        if (reply.ending() == FakeReply.Ending.HANG) {
            waitForClientClose(in, disconnected);
            return;
        }
        if (!reply.streaming()) {
            byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            Map<String, String> headers = new LinkedHashMap<>(reply.headers());
            headers.put("content-length", String.valueOf(body.length));
            HttpWire.writeHead(out, reply.status(), headers);
            out.write(body);
            out.flush();
            return;
        }
        Map<String, String> headers = new LinkedHashMap<>(reply.headers());
        headers.put("transfer-encoding", "chunked");
        HttpWire.writeHead(out, reply.status(), headers);
        out.flush();
        for (FakeEvent event : reply.events()) {
            sleep(event.delayBefore());
            HttpWire.writeChunk(out, event.wire().getBytes(StandardCharsets.UTF_8));
        }
        switch (reply.ending()) {
            case CLOSE -> {
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            case STALL -> waitForClientClose(in, disconnected);
            case CUT -> socket.setSoLinger(true, 0);
            default -> throw new IllegalStateException("unexpected ending " + reply.ending());
        }
    }

    /** The request was read completely, so the next read ends only when the client closes. */
    private static void waitForClientClose(InputStream in, CountDownLatch disconnected) {
        try {
            while (in.read() >= 0) {
                // ignore anything a client might still send
            }
        } catch (IOException ignored) {
            // a reset is a close too
        }
        disconnected.countDown();
    }

    private static void sleep(Duration delay) throws InterruptedException {
        if (!delay.isZero()) {
            Thread.sleep(delay);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private record Exchange(RecordedRequest request, CountDownLatch disconnected) {
    }
}
