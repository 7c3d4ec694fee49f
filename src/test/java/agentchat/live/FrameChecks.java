package agentchat.live;

import java.util.List;

import agentchat.testing.Api;
import agentchat.testing.FakeReply;
import agentchat.testing.FakeUpstream;
import agentchat.testing.WsClient;
import jakarta.json.JsonObject;

import static agentchat.testing.TestApp.ALICE;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** Shared assertions of the invalid-frame tests: refused with a code, nothing stored, socket still usable. */
final class FrameChecks {

    private FrameChecks() {
    }

    /** The next event is an error with {@code code} and no messageId (it belongs to no turn). */
    static JsonObject assertError(WsClient ws, String code) {
        JsonObject event = ws.next();
        assertThat(event.toString(), event.getString("type"), is("error"));
        assertThat(event.toString(), event.getString("code"), is(code));
        assertThat(event.getString("error").isBlank(), is(false));
        assertThat(event.containsKey("messageId"), is(false));
        return event;
    }

    /** A valid message on the same socket still streams a whole turn, and the chat holds just that turn. */
    static void assertStillUsable(Api api, FakeUpstream upstream, WsClient ws, String chatId) {
        upstream.enqueue(FakeReply.sse(FakeUpstream.anthropicText("still ", "fine")));
        List<JsonObject> turn = ws.sendMessage("and now a valid one").untilIdle();
        assertThat(turn.getFirst().getString("type"), is("user_message_stored"));
        assertThat(WsClient.text(turn), is("still fine"));
        assertThat(turn.get(turn.size() - 2).getString("type"), is("message_complete"));
        assertThat("only the valid turn is stored", messageTotal(api, chatId), is(2));
    }

    static int messageTotal(Api api, String chatId) {
        return api.get("/api/chats/" + chatId + "/messages", ALICE).json().getInt("total");
    }
}
