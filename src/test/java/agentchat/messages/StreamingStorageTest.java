package agentchat.messages;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import agentchat.testing.AnthropicStream;
import agentchat.testing.Api;
import agentchat.testing.FakeEvent;
import agentchat.testing.FakeReply;
import agentchat.testing.FakeUpstream;
import agentchat.testing.TestApp;
import agentchat.testing.WsClient;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static agentchat.testing.TestApp.ALICE;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

/**
 * While an answer streams, its text reaches the database append-only: the stored pieces add up to
 * the text itself (about 100 KB for a 100 KB answer), not to a rewrite of the growing text each flush.
 */
@ServerTest
class StreamingStorageTest {

    private static final FakeUpstream UPSTREAM = FakeUpstream.start();
    private static final TestApp APP = TestApp.create(Map.of(
            "agent.base-url", UPSTREAM.baseUrl(), "agent.api-key", "x", "live.flush-interval-ms", "100"));

    private final Api api;
    private final URI base;

    StreamingStorageTest(Http1Client client, URI base) {
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
    void aHundredKilobyteAnswerIsStoredAsItStreamsWithoutRewritingIt() throws Exception {
        List<String> deltas = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            deltas.add("%04d:".formatted(i) + "x".repeat(95));
        }
        int total = deltas.stream().mapToInt(String::length).sum();
        List<FakeEvent> events = new AnthropicStream().text(deltas.toArray(String[]::new)).head();
        UPSTREAM.enqueue(FakeReply.sse(events).thenStall());
        String chatId = api.createChat(ALICE, null);
        try (WsClient ws = WsClient.open(base, chatId, ALICE)) {
            ws.sendMessage("write a lot");
            StringBuilder received = new StringBuilder();
            while (received.length() < total) {
                var event = ws.next();
                if (event.getString("type").equals("message_delta")) {
                    received.append(event.getString("delta"));
                }
            }
            long[] stored = awaitStoredChunks(total);
            assertThat("characters stored so far", stored[0], is((long) total));
            assertThat("rows appended", stored[1], greaterThan(1L));
            assertThat("rows appended", stored[1], lessThanOrEqualTo(1000L));
            ws.cancel().untilIdle();
        }
        assertThat(api.get("/api/chats/" + chatId + "/messages", ALICE).json().getJsonArray("data")
                .getJsonObject(1).getJsonArray("content").getJsonObject(0).getString("text").length(), is(total));
        assertThat("chunks are dropped once the message is complete", storedChunks()[1], is(0L));
    }

    private long[] awaitStoredChunks(long expectedChars) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        long[] stored = storedChunks();
        while (stored[0] < expectedChars && System.nanoTime() < deadline) {
            Thread.sleep(50);
            stored = storedChunks();
        }
        return stored;
    }

    /** {characters stored in message_chunks, rows}, read straight from the database. */
    private static long[] storedChunks() throws SQLException {
        var database = APP.database();
        try (Connection connection = DriverManager.getConnection(database.url(), database.user(), database.password());
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT COALESCE(SUM(CHAR_LENGTH(body)), 0), COUNT(*) FROM message_chunks")) {
            rows.next();
            return new long[]{rows.getLong(1), rows.getLong(2)};
        }
    }
}
