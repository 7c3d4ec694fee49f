package agentchat.live;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import agentchat.chats.ChatRepository;
import agentchat.db.Database;
import agentchat.messages.MessageContent;
import agentchat.testing.Api;
import agentchat.testing.TestApp;
import agentchat.testing.WsClient;
import io.helidon.http.HttpPrologue;
import io.helidon.http.Method;
import io.helidon.http.WritableHeaders;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import io.helidon.webserver.websocket.WsUpgrader;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import static agentchat.live.TurnEvents.types;
import static agentchat.testing.TestApp.ALICE;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

/**
 * Every event published after a socket's upgrade completes reaches it. Helidon calls the
 * listener's {@code onHttpUpgrade}, then writes the 101, then (on the same thread) calls
 * {@code onOpen}; an event published between the 101 and {@code onOpen} used to be lost (a second
 * tab missed {@code user_message_stored}). The agent is not configured here, so a message is
 * answered at once with user_message_stored, AGENT_NOT_CONFIGURED and idle.
 */
@ServerTest
class JoinRaceTest {

    private static final TestApp APP = TestApp.create();

    private final Api api;
    private final URI base;

    JoinRaceTest(Http1Client client, URI base) {
        this.api = new Api(client);
        this.base = base;
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        APP.configure(server);
    }

    @Test
    void anEventPublishedBetweenThe101AndTheSocketOpeningReachesTheSocket() throws InterruptedException {
        String chatId;
        try (Database db = TestApp.openDatabase(APP.database())) {
            chatId = new ChatRepository(db).insert("alice", "race", Instant.now()).id();
        }
        LiveChats live = APP.app().live();
        String wsKey = "dGhlIHNhbXBsZSBub25jZQ==";
        HttpPrologue prologue = HttpPrologue.create("HTTP/1.1", "HTTP", "1.1", Method.GET,
                "/api/chats/" + chatId + "/ws", false);
        WritableHeaders<?> headers = WritableHeaders.create();
        headers.set(WsUpgrader.WS_KEY, wsKey);
        live.admissions().admit(wsKey, chatId); // what the policy route does for an admitted upgrade
        ChatSocket socket = (ChatSocket) live.wsRouting().build().findRoute(prologue).listener();

        socket.onHttpUpgrade(prologue, headers); // Helidon writes the 101 right after this returns
        live.turns().start(chatId, List.of(new MessageContent.Text("from another tab")),
                (code, message) -> { throw new AssertionError(code + " " + message); });
        RecordingSession session = new RecordingSession();
        socket.onOpen(session);

        session.awaitSent(3);
        List<JsonObject> received = session.sent.stream().map(agentchat.json.Json::parseObject).toList();
        assertThat(types(received), contains("user_message_stored", "error", "status:idle"));
        socket.onClose(session, 1000, "done");
    }

    @Test
    void aSocketReceivesAMessageSentOnAnotherSocketRightAfterItsUpgradeCompletes() {
        String chatId = api.createChat(ALICE, null);
        for (int i = 0; i < 20; i++) {
            try (WsClient sender = WsClient.open(base, chatId, ALICE).awaitSubscribed()) {
                try (WsClient opened = WsClient.open(base, chatId, ALICE)) {
                    sender.sendMessage("message " + i); // no waiting for the new socket to be subscribed
                    JsonObject first = opened.next();
                    assertThat(first.toString(), first.getString("type"), is("user_message_stored"));
                    sender.untilIdle();
                    opened.untilIdle();
                }
            }
        }
    }
}
