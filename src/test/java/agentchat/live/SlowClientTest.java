package agentchat.live;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import agentchat.testing.AnthropicStream;
import agentchat.testing.Api;
import agentchat.testing.FakeEvent;
import agentchat.testing.FakeReply;
import agentchat.testing.FakeUpstream;
import agentchat.testing.StalledWsClient;
import agentchat.testing.TestApp;
import agentchat.testing.WsClient;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static agentchat.testing.TestApp.ALICE;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

/**
 * A client that stops reading falls behind and is closed with 1008, while the generation and the
 * chat's other socket go on at full speed. Small TCP buffers on both ends (server send buffer,
 * stalled client's receive window) make "stops reading" show after a few tens of KB.
 */
@ServerTest
class SlowClientTest {

    static final int BACKLOG = 100_000;
    static final int DELTAS = 1000;
    static final String DELTA = "0123456789".repeat(100);

    private static final FakeUpstream UPSTREAM = FakeUpstream.start();
    private static final TestApp APP = LiveTestSupport.appFor(UPSTREAM, "anthropic",
            Map.of("limits.ws-backlog-bytes", String.valueOf(BACKLOG)));

    private final Api api;
    private final URI base;

    SlowClientTest(Http1Client client, URI base) {
        this.api = new Api(client);
        this.base = base;
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        server.connectionOptions(options -> options.socketSendBufferSize(8192));
        APP.configure(server);
    }

    @AfterAll
    static void stopUpstream() {
        UPSTREAM.close();
    }

    /** About 1 MB of text at about 1 MB/s: far faster than a model, yet a reading client keeps up. */
    private static List<FakeEvent> fastStream() {
        String[] deltas = new String[DELTAS];
        Arrays.fill(deltas, DELTA);
        return FakeUpstream.anthropicText(deltas).stream()
                .map(event -> event.delayedBy(Duration.ofMillis(1))).toList();
    }

    @Test
    void aStalledSocketIsClosedWith1008WhileAReadingSocketGetsTheWholeAnswer() {
        UPSTREAM.enqueue(FakeReply.sse(fastStream()));
        String expected = DELTA.repeat(DELTAS);
        String chatId = api.createChat(ALICE, null);
        try (StalledWsClient stalled = StalledWsClient.open(base.getPort(),
                "/api/chats/" + chatId + "/ws?token=" + ALICE, 4096);
             WsClient reader = WsClient.open(base, chatId, ALICE)) {
            List<JsonObject> turn = reader.sendMessage("Recite the digits").untilIdle();
            assertThat(WsClient.text(turn).length(), is(expected.length()));
            JsonObject complete = turn.get(turn.size() - 2);
            assertThat(complete.getString("type"), is("message_complete"));
            assertThat(complete.getJsonObject("message").getJsonObject("metadata").getString("stopReason"),
                    is("end_turn"));

            assertThat(stalled.drainUntilClose(), is(1008));
            assertThat(stalled.textBytesRead(), lessThan((long) expected.length()));
        }
        JsonObject stored = api.get("/api/chats/" + chatId + "/messages", ALICE).json().getJsonArray("data")
                .getJsonObject(1);
        assertThat(stored.getJsonArray("content").getJsonObject(0).getString("text"), is(expected));
    }

    @Test
    void anImageLargerThanTheBacklogLimitDoesNotCloseTheSockets() {
        UPSTREAM.enqueue(FakeReply.sse(FakeUpstream.anthropicText("A big picture.")));
        String chatId = api.createChat(ALICE, null);
        byte[] png = Arrays.copyOf(WsImagesTest.PNG, 3 * BACKLOG);
        try (WsClient sender = WsClient.open(base, chatId, ALICE);
             WsClient watcher = WsClient.open(base, chatId, ALICE)) {
            watcher.awaitSubscribed();
            sender.send(WsImagesTest.sendImage(agentchat.json.Json.object()
                    .add("imageData", WsImagesTest.base64(png)).add("mimeType", "image/png")));
            assertThat(WsClient.text(sender.untilIdle()), is("A big picture."));
            assertThat(WsClient.text(watcher.untilIdle()), is("A big picture."));
        }
    }

    @Test
    void aLateJoinerCatchesUpOnTextLongerThanTheBacklogLimit() {
        String[] deltas = new String[3 * BACKLOG / DELTA.length()];
        Arrays.fill(deltas, DELTA);
        UPSTREAM.enqueue(FakeReply.sse(new AnthropicStream().text(deltas).head().stream()
                .map(event -> event.delayedBy(Duration.ofMillis(1))).toList()).thenStall());
        String chatId = api.createChat(ALICE, null);
        try (WsClient sender = WsClient.open(base, chatId, ALICE)) {
            int[] seen = new int[1];
            List<JsonObject> early = sender.sendMessage("Long one").until(event ->
                    event.getString("type").equals("message_delta") && ++seen[0] == deltas.length);
            try (WsClient late = WsClient.open(base, chatId, ALICE)) {
                assertThat(late.next().getString("type"), is("message_start"));
                assertThat(late.next().getString("delta").length(), is(DELTA.length() * deltas.length));
            }
            sender.cancel();
            assertThat(WsClient.text(early).length(), is(DELTA.length() * deltas.length));
            sender.untilIdle();
        }
    }

    @Test
    void aReaderThatKeepsUpIsNeverClosed() throws InterruptedException {
        UPSTREAM.enqueue(FakeReply.sse(fastStream()));
        String chatId = api.createChat(ALICE, null);
        try (WsClient reader = WsClient.open(base, chatId, ALICE)) {
            List<JsonObject> turn = reader.sendMessage("Again").untilIdle();
            assertThat(WsClient.text(turn).length(), is(DELTA.length() * DELTAS));
            assertThat(reader.isQuietFor(Duration.ofMillis(200)), is(true));
        }
    }
}
