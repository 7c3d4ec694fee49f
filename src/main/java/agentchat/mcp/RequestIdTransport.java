package agentchat.mcp;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import reactor.core.publisher.Mono;

/**
 * A transport that tells a caller the JSON-RPC id of its {@code tools/call} request, which the SDK keeps to
 * itself but {@code notifications/cancelled} must name. The caller puts an {@code AtomicReference} under
 * {@link #REQUEST_ID} into the Reactor context of its call; the SDK passes that context on to the transport.
 */
final class RequestIdTransport implements McpClientTransport {

    static final String REQUEST_ID = RequestIdTransport.class.getName() + ".requestId";

    private final McpClientTransport delegate;

    RequestIdTransport(McpClientTransport delegate) {
        this.delegate = delegate;
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
        if (message instanceof McpSchema.JSONRPCRequest request && McpSchema.METHOD_TOOLS_CALL.equals(request.method())) {
            return Mono.deferContextual(context -> {
                context.<AtomicReference<Object>>getOrEmpty(REQUEST_ID).ifPresent(id -> id.set(request.id()));
                return delegate.sendMessage(message);
            });
        }
        return delegate.sendMessage(message);
    }

    @Override
    public Mono<Void> connect(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
        return delegate.connect(handler);
    }

    @Override
    public void setExceptionHandler(Consumer<Throwable> handler) {
        delegate.setExceptionHandler(handler);
    }

    @Override
    public Mono<Void> closeGracefully() {
        return delegate.closeGracefully();
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
        return delegate.unmarshalFrom(data, typeRef);
    }

    @Override
    public List<String> protocolVersions() {
        return delegate.protocolVersions();
    }
}
