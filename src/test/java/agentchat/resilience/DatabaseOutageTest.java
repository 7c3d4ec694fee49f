package agentchat.resilience;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import agentchat.testing.Api;
import agentchat.testing.FakeEvent;
import agentchat.testing.FakeReply;
import agentchat.testing.FakeUpstream;
import agentchat.testing.MariaDbServer;
import agentchat.testing.TestApp;
import agentchat.testing.TestDatabase;
import agentchat.testing.WsClient;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static agentchat.testing.TestApp.ALICE;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The database going away mid-run (MariaDB run only: the throwaway server is stopped and started
 * again on the same port and data): JSON 503s and error events, then recovery without a restart.
 */
@ServerTest
class DatabaseOutageTest {

    private static final FakeUpstream UPSTREAM = FakeUpstream.start();
    private static final TestApp APP = TestApp.create(Map.of(
            "agent.base-url", UPSTREAM.baseUrl(), "agent.api-key", "x", "db.pool.connection-timeout-ms", "1000",
            "live.flush-interval-ms", "200"));

    private final Api api;
    private final URI base;

    DatabaseOutageTest(Http1Client client, URI base) {
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
    void onlyOnARestartableMariaDb() {
        assumeTrue(TestDatabase.kind() == TestDatabase.Kind.MARIADB
                && MariaDbServer.shared().map(MariaDbServer::canRestart).orElse(false),
                "needs the throwaway MariaDB of the mariadb test run");
    }

    private static MariaDbServer mariaDb() {
        return MariaDbServer.shared().orElseThrow();
    }

    @Test
    void whileTheDatabaseIsDownRestAnswers503AndSocketsGetErrorsThenAllRecovers() throws InterruptedException {
        String chatId = api.createChat(ALICE, null);
        UPSTREAM.enqueue(FakeReply.sse(FakeUpstream.anthropicText("back again")));
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            mariaDb().stop();
            try {
                long start = System.nanoTime();
                Api.Reply list = api.get("/api/chats", ALICE);
                assertThat(list.text(), list.status(), is(503));
                assertThat(list.code(), is("DATABASE_UNAVAILABLE"));
                assertThat("503 must not hang", Duration.ofNanos(System.nanoTime() - start).toSeconds() < 15, is(true));
                Api.Reply health = api.get("/health", null);
                assertThat(health.status(), is(503));
                assertThat(health.code(), is("DATABASE_UNAVAILABLE"));
                JsonObject error = ws.sendMessage("while down").next();
                assertThat(error.getString("type"), is("error"));
                assertThat(error.getString("code"), is("DATABASE_UNAVAILABLE"));
            } finally {
                mariaDb().start();
            }
            awaitStatus("/api/chats", 200);
            assertThat(api.get("/health", null).status(), is(200));
            List<JsonObject> turn = ws.sendMessage("after").untilIdle();
            assertThat(WsClient.text(turn), is("back again"));
            assertThat(turn.get(turn.size() - 2).getString("type"), is("message_complete"));
        }
        assertThat(api.get("/api/chats/" + chatId + "/messages", ALICE).json().getInt("total"), is(2));
    }

    @Test
    void anAnswerStreamingWhileTheDatabaseIsDownIsStoredWhenItReturns() throws InterruptedException {
        String chatId = api.createChat(ALICE, null);
        List<FakeEvent> slow = FakeUpstream.anthropicText("one ", "two ", "three ", "four ", "five").stream()
                .map(event -> event.delayedBy(Duration.ofMillis(300))).toList();
        UPSTREAM.enqueue(FakeReply.sse(slow));
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            ws.sendMessage("count slowly").until("message_delta");
            mariaDb().stop();
            try {
                Thread.sleep(1500);
            } finally {
                mariaDb().start();
            }
            List<JsonObject> rest = ws.untilIdle();
            JsonObject complete = rest.get(rest.size() - 2);
            assertThat(complete.toString(), complete.getString("type"), is("message_complete"));
            assertThat(complete.getJsonObject("message").getJsonArray("content").getJsonObject(0).getString("text"),
                    is("one two three four five"));
        }
        awaitStatus("/api/chats/" + chatId + "/messages", 200);
        JsonObject stored = api.get("/api/chats/" + chatId + "/messages", ALICE).json().getJsonArray("data")
                .getJsonObject(1);
        assertThat(stored.getJsonArray("content").getJsonObject(0).getString("text"), is("one two three four five"));
    }

    private void awaitStatus(String path, int status) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (api.get(path, ALICE).status() != status) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(path + " did not return " + status + " within 30 s");
            }
            Thread.sleep(200);
        }
    }
}
