package agentchat.testing;

import java.net.URI;

import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServer;

/**
 * A {@link TestApp} served on an ephemeral local port, for test classes that need more than one
 * server (e.g. one per provider or per approval mode), which {@code @ServerTest} does not offer.
 */
public final class RunningServer implements AutoCloseable {

    private final TestApp app;
    private final WebServer server;
    private final URI base;
    private final Api api;

    private RunningServer(TestApp app) {
        this.app = app;
        this.server = WebServer.builder().host("127.0.0.1").port(0).update(app::configure).build().start();
        this.base = URI.create("http://127.0.0.1:" + server.port());
        this.api = new Api(Http1Client.builder().baseUri(base).build());
    }

    public static RunningServer start(TestApp app) {
        return new RunningServer(app);
    }

    public TestApp app() {
        return app;
    }

    /** {@code http://127.0.0.1:<port>}, for {@link WsClient#open}. */
    public URI base() {
        return base;
    }

    public Api api() {
        return api;
    }

    public WsClient socket(String chatId, String key) {
        return WsClient.open(base, chatId, key);
    }

    @Override
    public void close() {
        server.stop();
        app.app().shutdown();
        app.app().close();
    }
}
