package agentchat.live;

import java.net.URI;
import java.util.Map;

import agentchat.testing.Api;
import agentchat.testing.FakeUpstream;
import agentchat.testing.RawUpgrade;
import agentchat.testing.TestApp;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static agentchat.testing.TestApp.ALICE;

/** With a one-second ticket lifetime, a ticket used after it expired is refused like a bad key. */
@ServerTest
class WsTicketExpiryTest {

    private static final FakeUpstream UPSTREAM = FakeUpstream.start();
    private static final TestApp APP = LiveTestSupport.appFor(UPSTREAM, "anthropic",
            Map.of("auth.ws-ticket-ttl-seconds", "1"));

    private final Api api;
    private final URI base;

    WsTicketExpiryTest(Http1Client client, URI base) {
        this.api = new Api(client);
        this.base = base;
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        APP.configure(server);
    }

    @AfterAll
    static void stopUpstream() {
        UPSTREAM.close();
    }

    @Test
    void anExpiredTicketIs401() throws InterruptedException {
        String chatId = api.createChat(ALICE, null);
        String ticket = api.post("/api/chats/" + chatId + "/ws-ticket", ALICE, null).data().getString("ticket");
        Thread.sleep(1500);
        WsHandshakeTest.assertRefused(
                RawUpgrade.send(base.getPort(), "/api/chats/" + chatId + "/ws?ticket=" + ticket, Map.of()),
                401, "INVALID_API_KEY");
    }
}
