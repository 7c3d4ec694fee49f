package agentchat.mcp;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import agentchat.tools.ToolOutput;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.json.JsonObject;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * One session with one MCP server (the SDK's async client over stdio or Streamable HTTP), used with blocking
 * waits from virtual threads. Once closed — the process exited, the server went away, or {@link #close()} —
 * it stays closed: every call waiting on it fails at once, and {@link McpServer} opens a new one.
 */
final class McpConnection implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(McpConnection.class.getName());
    private static final McpSchema.Implementation CLIENT = new McpSchema.Implementation("agentchat", "0.1.0");
    private static final String CANCELLED = "notifications/cancelled";

    private final McpServerConfig config;
    private final McpSettings settings;
    private final McpJsonMapper mapper;
    private final RequestIdTransport transport;
    private final StdioTransport stdio;
    private final McpAsyncClient client;
    private final Runnable onToolsChanged;
    private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    private final AtomicReference<String> closing = new AtomicReference<>();
    private volatile List<McpTool> tools = List.of();

    private McpConnection(McpServerConfig config, McpSettings settings, McpJsonMapper mapper, McpClientTransport base,
                          Runnable onToolsChanged) {
        this.config = config;
        this.settings = settings;
        this.mapper = mapper;
        this.stdio = base instanceof StdioTransport process ? process : null;
        this.transport = new RequestIdTransport(base);
        this.onToolsChanged = onToolsChanged;
        this.client = McpClient.async(transport)
                .clientInfo(CLIENT)
                // ours fire first, with a clear message and a cancel notification
                .requestTimeout(settings.callTimeout().plusSeconds(5))
                .initializationTimeout(settings.startTimeout().plusSeconds(5))
                .toolsChangeConsumer(changed -> Mono.fromRunnable(() -> toolsChanged(changed)))
                .build();
        if (stdio != null) {
            stdio.exited().thenAccept(this::markClosed);
        }
    }

    /**
     * Starts the process (stdio) or session (HTTP), initializes it and reads every page of its tools, within the
     * start timeout; throws with the reason when that fails (the process, if any, is then stopped).
     */
    static McpConnection open(McpServerConfig config, McpSettings settings, Runnable onToolsChanged) throws Exception {
        McpJsonMapper mapper = McpJsonDefaults.getMapper();
        McpClientTransport base = config.stdio() ? StdioTransport.start(config, mapper) : http(config, mapper, settings);
        McpConnection connection = new McpConnection(config, settings, mapper, base, onToolsChanged);
        try {
            McpSchema.ListToolsResult listed = connection.await(connection.client.initialize()
                    .then(connection.client.listTools()), settings.startTimeout());
            connection.tools = McpTool.offered(config.name(), listed.tools(), mapper);
            return connection;
        } catch (TimeoutException e) {
            connection.close();
            throw new IOException("no answer to initialize and tools/list within " + seconds(settings.startTimeout()));
        } catch (ExecutionException e) {
            String reason = connection.isClosed() ? connection.closedReason() : message(e.getCause());
            connection.close();
            throw new IOException(reason, e);
        } catch (InterruptedException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    private static McpClientTransport http(McpServerConfig config, McpJsonMapper mapper, McpSettings settings) {
        URI url = config.url();
        HttpRequest.Builder requests = HttpRequest.newBuilder();
        config.headers().forEach(requests::header);
        String endpoint = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        return HttpClientStreamableHttpTransport.builder(url.getScheme() + "://" + url.getRawAuthority())
                .endpoint(url.getRawQuery() == null ? endpoint : endpoint + "?" + url.getRawQuery())
                .requestBuilder(requests)
                .jsonMapper(mapper)
                .connectTimeout(settings.startTimeout())
                .build();
    }

    List<McpTool> tools() {
        return tools;
    }

    boolean isClosed() {
        return closing.get() != null;
    }

    /** Waits up to {@code max} for the connection to close; its reason, or null while it is still open. */
    String awaitClosed(Duration max) throws InterruptedException {
        try {
            return closed.get(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (ExecutionException e) {
            return message(e.getCause());
        }
    }

    /** Pings the server (HTTP: the only way to notice that it went away while idle); closes on failure. */
    void ping() throws InterruptedException {
        try {
            await(client.ping(), settings.startTimeout());
        } catch (ExecutionException | TimeoutException e) {
            markClosed("did not answer a ping: " + (e instanceof ExecutionException ? message(e.getCause()) : "timed out"));
        }
    }

    /**
     * Calls one tool. Failures are error outputs. When the calling thread is interrupted (the turn was
     * cancelled) or the call times out, the server is sent {@code notifications/cancelled} for it and the
     * call is abandoned without waiting for the server.
     */
    ToolOutput call(String tool, JsonObject input) throws InterruptedException {
        if (isClosed()) {
            return ToolOutput.error(gone());
        }
        AtomicReference<Object> requestId = new AtomicReference<>();
        Mono<McpSchema.CallToolResult> call = client
                .callTool(new McpSchema.CallToolRequest(mapper, tool, input.toString()))
                .contextWrite(Context.of(RequestIdTransport.REQUEST_ID, requestId));
        try {
            return McpResults.toOutput(await(call, settings.callTimeout()), mapper);
        } catch (InterruptedException e) {
            cancel(requestId.get(), "The user cancelled the turn.");
            throw e;
        } catch (TimeoutException e) {
            cancel(requestId.get(), "No answer within " + seconds(settings.callTimeout()) + ".");
            return ToolOutput.error("MCP server " + config.name() + " did not answer within "
                    + seconds(settings.callTimeout()) + "; the call was cancelled.");
        } catch (ExecutionException e) {
            return ToolOutput.error(failure(e.getCause()));
        }
    }

    @Override
    public void close() {
        markClosed("stopped");
        try {
            client.close(); // closes the transport too: for stdio, stops the process and its tree
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "Closing MCP server " + config.name(), e);
        }
    }

    /** The reason the server is gone, once closed. */
    String closedReason() {
        return closing.get();
    }

    long pid() {
        return stdio == null ? -1 : stdio.pid();
    }

    /** Fails the waiting calls with the reason first, then wakes {@link #awaitClosed} (whose caller closes the SDK client). */
    private void markClosed(String reason) {
        if (closing.compareAndSet(null, reason)) {
            GoneException gone = new GoneException(gone());
            pending.forEach(call -> call.completeExceptionally(gone));
            closed.complete(reason);
        }
    }

    private String gone() {
        String reason = closing.get() == null ? "closed" : closing.get();
        return "MCP server " + config.name() + " is not running (" + reason.lines().findFirst().orElse("")
                + "); it is restarted automatically, try again shortly.";
    }

    /** Blocks for the result; a close of the connection ends the wait at once. */
    private <T> T await(Mono<T> mono, Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
        CompletableFuture<T> future = mono.toFuture();
        pending.add(future);
        try {
            if (isClosed()) {
                future.completeExceptionally(new GoneException(gone()));
            }
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            pending.remove(future);
            future.cancel(true); // no-op when done; otherwise drops the SDK's subscription
        }
    }

    private void cancel(Object requestId, String reason) {
        if (requestId == null || isClosed()) {
            return;
        }
        Map<String, Object> params = Map.of("requestId", requestId, "reason", reason);
        transport.sendMessage(new McpSchema.JSONRPCNotification(CANCELLED, params))
                .subscribe(null, error -> LOG.log(Level.DEBUG, "Could not tell MCP server " + config.name()
                        + " that call " + requestId + " was cancelled", error));
    }

    private String failure(Throwable error) {
        if (error instanceof GoneException || isClosed()) {
            return gone();
        }
        if (error instanceof McpError mcp && mcp.getJsonRpcError() != null) {
            return "MCP server " + config.name() + " refused the call: " + mcp.getJsonRpcError().message()
                    + " (code " + mcp.getJsonRpcError().code() + ")";
        }
        if (causedBy(error, IOException.class)) {
            // the server is unreachable: start over with a new session (matters for HTTP; a process has exited)
            markClosed("unreachable: " + message(error));
            return "MCP server " + config.name() + " could not be reached: " + message(error);
        }
        LOG.log(Level.WARNING, "MCP call to " + config.name() + " failed", error);
        return "MCP server " + config.name() + " call failed: " + message(error);
    }

    private void toolsChanged(List<McpSchema.Tool> changed) {
        tools = McpTool.offered(config.name(), changed, mapper);
        LOG.log(Level.INFO, "MCP server " + config.name() + " changed its tools: " + tools.size() + " now");
        onToolsChanged.run();
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static String message(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return root == error || error.getMessage() == null ? text : error.getMessage() + ": " + text;
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    /** The connection closed while a request waited. */
    private static final class GoneException extends RuntimeException {
        GoneException(String message) {
            super(message, null, false, false);
        }
    }
}
