package agentchat.resilience;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import agentchat.json.Json;
import agentchat.testing.Api;
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
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static agentchat.testing.TestApp.ALICE;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

/**
 * The database going away under a running server (MariaDB run only, with the throwaway server that
 * can be stopped): REST answers JSON 503 within the pool's connection timeout, /health 503, a
 * send_message gets an error event; when MariaDB is back everything works again without a restart.
 * Other test classes share that MariaDB server, so it is always started again in a finally block.
 */
@ServerTest
class DatabaseOutageTest {

    private static final long POOL_TIMEOUT_MS = 1000;
    private static final FakeUpstream UPSTREAM = FakeUpstream.start();
    private static final TestApp APP = TestApp.create(Map.of(
            "agent.provider", "anthropic",
            "agent.base-url", UPSTREAM.baseUrl(),
            "agent.api-key", "test-upstream-key",
            "agent.model", "claude-sonnet-4-5",
            "db.pool.connection-timeout-ms", String.valueOf(POOL_TIMEOUT_MS)));

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

    @Test
    void restAndSocketsAnswer503WhileMariaDbIsDownAndRecoverWhenItReturns() throws Exception {
        Assumptions.assumeTrue(TestDatabase.kind() == TestDatabase.Kind.MARIADB, "MariaDB run only");
        Optional<MariaDbServer> shared = MariaDbServer.shared();
        Assumptions.assumeTrue(shared.isPresent() && shared.get().canRestart(), "needs the throwaway MariaDB");
        MariaDbServer mariadb = shared.get();

        String chatId = api.createChat(ALICE, "outage");
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            mariadb.stop();
            try {
                for (String path : List.of("/api/chats", "/api/chats/" + chatId, "/api/chats/" + chatId + "/messages")) {
                    long t0 = System.nanoTime();
                    Api.Reply reply = api.get(path, ALICE);
                    long ms = (System.nanoTime() - t0) / 1_000_000;
                    assertThat(path + " " + reply.text(), reply.status(), is(503));
                    assertThat(reply.contentType().startsWith("application/json"), is(true));
                    assertThat(reply.code(), is("DATABASE_UNAVAILABLE"));
                    assertThat(reply.json().getInt("status"), is(503));
                    assertThat("bounded by the pool's connection timeout", ms, lessThan(POOL_TIMEOUT_MS + 5000));
                }
                Api.Reply created = api.post("/api/chats", ALICE, Json.object().add("title", "x").build());
                assertThat(created.text(), created.status(), is(503));
                assertThat(created.code(), is("DATABASE_UNAVAILABLE"));
                Api.Reply health = api.get("/health", null);
                assertThat(health.status(), is(503));
                assertThat(health.code(), is("DATABASE_UNAVAILABLE"));

                List<JsonObject> events = ws.sendMessage("are you there?").until("error");
                assertThat(events.getLast().getString("code"), is("DATABASE_UNAVAILABLE"));
                assertThat(ws.isOpen(), is(true));
            } finally {
                mariadb.start();
            }

            awaitHealthy(Duration.ofSeconds(30));
            assertThat(api.get("/api/chats/" + chatId, ALICE).status(), is(200));
            assertThat(api.get("/api/chats", ALICE).status(), is(200));
            UPSTREAM.enqueue(FakeReply.sse(FakeUpstream.anthropicText("back", " again")));
            List<JsonObject> turn = ws.sendMessage("and now?").untilIdle();
            assertThat(WsClient.text(turn), is("back again"));
            assertThat(turn.get(turn.size() - 2).getString("type"), is("message_complete"));
            assertThat(api.get("/api/chats/" + chatId + "/messages", ALICE).json().getInt("total"), is(2));
        }
    }

    private void awaitHealthy(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (api.get("/health", null).status() != 200) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("/health not 200 within " + timeout + " after MariaDB came back");
            }
            Thread.sleep(100);
        }
    }
}
