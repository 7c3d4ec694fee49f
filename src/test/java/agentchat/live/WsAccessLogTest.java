package agentchat.live;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import agentchat.testing.Api;
import agentchat.testing.FakeUpstream;
import agentchat.testing.RawUpgrade;
import agentchat.testing.TestApp;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static agentchat.testing.TestApp.ALICE;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/** Keys and tickets in the socket URL never reach the access log. */
@ServerTest
class WsAccessLogTest {

    private static final FakeUpstream UPSTREAM = FakeUpstream.start();
    private static final TestApp APP = LiveTestSupport.appFor(UPSTREAM, "anthropic", Map.of());
    private static final Logger ACCESS = Logger.getLogger("agentchat.access");

    private final Api api;
    private final URI base;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            lines.add(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    WsAccessLogTest(Http1Client client, URI base) {
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

    @BeforeEach
    void capture() {
        ACCESS.addHandler(capture);
    }

    @AfterEach
    void release() {
        ACCESS.removeHandler(capture);
    }

    private String logged() throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (lines.stream().noneMatch(line -> line.contains("/ws?")) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return String.join("\n", lines);
    }

    @Test
    void theKeyOfAnUpgradeIsRedacted() throws InterruptedException {
        String chatId = api.createChat(ALICE, null);
        assertThat(RawUpgrade.send(base.getPort(), "/api/chats/" + chatId + "/ws?token=" + ALICE, Map.of()).status(),
                is(101));
        String log = logged();
        assertThat(log, containsString("/ws?token=***"));
        assertThat(log, not(containsString(ALICE)));
    }

    @Test
    void aRefusedKeyIsRedactedToo() throws InterruptedException {
        String chatId = api.createChat(ALICE, null);
        RawUpgrade.send(base.getPort(), "/api/chats/" + chatId + "/ws?token=almost-" + ALICE, Map.of());
        assertThat(logged(), not(containsString("almost-")));
    }

    @Test
    void aTicketIsRedacted() throws InterruptedException {
        String chatId = api.createChat(ALICE, null);
        String ticket = api.post("/api/chats/" + chatId + "/ws-ticket", ALICE, null).data().getString("ticket");
        RawUpgrade.send(base.getPort(), "/api/chats/" + chatId + "/ws?ticket=" + ticket, Map.of());
        String log = logged();
        assertThat(log, not(containsString(ticket)));
        assertThat(lines, hasItem(containsString("ticket=***")));
    }
}
