package agentchat.live;

import java.util.Optional;

import io.helidon.common.Weight;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpPrologue;
import io.helidon.http.WritableHeaders;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.ProtocolConfigs;
import io.helidon.webserver.http1.spi.Http1RoutedUpgrade;
import io.helidon.webserver.http1.spi.Http1RoutedUpgrader;
import io.helidon.webserver.http1.spi.Http1UpgradeProvider;
import io.helidon.webserver.http1.spi.Http1Upgrader;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.websocket.WsConfig;
import io.helidon.webserver.websocket.WsUpgradeProvider;

/**
 * Helidon's WebSocket upgrader refuses a foreign Origin itself, with its own plain-text 403, before
 * any of our routing runs. This provider (weighted above Helidon's) moves the Origin header aside
 * so that our policy route ({@link WsUpgradePolicy}) judges it and answers with the contract's JSON.
 * It also hands the upgrader a connection that reads frames in linear time ({@link LinearFrameReading}).
 */
@Weight(200)
public final class OriginDeferringUpgradeProvider implements Http1UpgradeProvider<WsConfig> {

    /** Where the client's Origin travels to the policy route; always overwritten, never trusted from clients. */
    static final HeaderName DEFERRED_ORIGIN = HeaderNames.create("X-Agentchat-Deferred-Origin");

    private final WsUpgradeProvider delegate = new WsUpgradeProvider();

    @Override
    public String protocolType() {
        return delegate.protocolType();
    }

    @Override
    public Class<WsConfig> protocolConfigType() {
        return delegate.protocolConfigType();
    }

    @Override
    public Http1Upgrader create(WsConfig config, ProtocolConfigs configs) {
        return new Upgrader((Http1RoutedUpgrader) delegate.create(config, configs));
    }

    private record Upgrader(Http1RoutedUpgrader delegate) implements Http1RoutedUpgrader {

        @Override
        public String supportedProtocol() {
            return delegate.supportedProtocol();
        }

        @Override
        public ServerConnection upgrade(ConnectionContext ctx, HttpPrologue prologue, WritableHeaders<?> headers) {
            deferOrigin(headers);
            return delegate.upgrade(LinearFrameReading.wrap(ctx), prologue, headers);
        }

        @Override
        public Optional<Http1RoutedUpgrade> routedUpgrade(ConnectionContext ctx, HttpPrologue prologue,
                                                         WritableHeaders<?> headers) {
            deferOrigin(headers);
            return delegate.routedUpgrade(LinearFrameReading.wrap(ctx), prologue, headers);
        }

        private static void deferOrigin(WritableHeaders<?> headers) {
            Optional<String> origin = headers.first(HeaderNames.ORIGIN);
            headers.remove(DEFERRED_ORIGIN);
            headers.remove(HeaderNames.ORIGIN);
            origin.ifPresent(value -> headers.set(DEFERRED_ORIGIN, value));
        }
    }
}
