package agentchat.live;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import agentchat.attachments.AttachmentRepository;
import agentchat.chats.ChatRepository;
import agentchat.db.Database;
import agentchat.messages.MessageContent;
import agentchat.messages.MessageRepository;
import agentchat.messages.StreamedContent;
import agentchat.testing.Api;
import agentchat.testing.FakeReply;
import agentchat.testing.FakeUpstream;
import agentchat.testing.TestApp;
import agentchat.testing.WsClient;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static agentchat.testing.TestApp.ALICE;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * A server that died mid-answer left a streaming message with its chunks; the next server over the
 * same database shows it as an interrupted message and the conversation goes on from it.
 */
@ServerTest
class RestartRecoveryTest {

    private static final FakeUpstream UPSTREAM = FakeUpstream.start();
    private static final String CHAT_ID;
    private static final String UNFINISHED_ID = UUID.randomUUID().toString();
    private static final TestApp RESTARTED;

    static {
        TestApp crashed = TestApp.create();
        Instant then = Instant.now().minusSeconds(60);
        try (Database db = TestApp.openDatabase(crashed.database())) {
            CHAT_ID = new ChatRepository(db).insert("alice", "New Chat", then).id();
            MessageRepository messages = new MessageRepository(db, new AttachmentRepository(db));
            messages.insertUserMessage(UUID.randomUUID().toString(), CHAT_ID,
                    List.of(new MessageContent.Text("Tell me a long story")), then);
            messages.insertStreaming(UNFINISHED_ID, CHAT_ID, then);
            messages.appendChunk(UNFINISHED_ID, 0, StreamedContent.Chunk.text("Once upon "));
            messages.appendChunk(UNFINISHED_ID, 1, StreamedContent.Chunk.text("a time"));
        }
        crashed.close();
        RESTARTED = LiveTestSupport.appOn(crashed.database(), UPSTREAM, "anthropic", Map.of());
    }

    private final Api api;
    private final URI base;

    RestartRecoveryTest(Http1Client client, URI base) {
        this.api = new Api(client);
        this.base = base;
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        RESTARTED.configure(server);
    }

    @AfterAll
    static void stopUpstream() {
        UPSTREAM.close();
    }

    @Test
    void theUnfinishedMessageIsListedAsInterruptedWithItsText() {
        JsonObject page = api.get("/api/chats/" + CHAT_ID + "/messages", ALICE).json();
        assertThat(page.getInt("total"), is(2));
        JsonObject recovered = page.getJsonArray("data").getJsonObject(1);
        assertThat(recovered.getString("id"), is(UNFINISHED_ID));
        assertThat(recovered.getString("role"), is("assistant"));
        assertThat(recovered.getJsonArray("content").getJsonObject(0).getString("text"), is("Once upon a time"));
        assertThat(recovered.getJsonObject("metadata").getString("stopReason"), is("interrupted"));
    }

    @Test
    void theNextTurnSendsTheInterruptedAnswerAsHistory() throws InterruptedException {
        int request = UPSTREAM.requestCount();
        UPSTREAM.enqueue(FakeReply.sse(FakeUpstream.anthropicText("...and they lived happily.")));
        try (WsClient ws = WsClient.open(base, CHAT_ID, ALICE)) {
            assertThat(WsClient.text(ws.sendMessage("Go on").untilIdle()), is("...and they lived happily."));
        }
        JsonArray sent = UPSTREAM.awaitRequest(request, WsClient.WAIT).json().getJsonArray("messages");
        assertThat(sent.size(), is(3));
        assertThat(sent.getJsonObject(1).toString().contains("Once upon a time"), is(true));
    }
}
