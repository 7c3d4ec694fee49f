package agentchat.live;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import agentchat.testing.AnthropicStream;
import agentchat.testing.AnthropicThinkingRules;
import agentchat.testing.FakeReply;
import agentchat.testing.FakeUpstream;
import agentchat.testing.RunningServer;
import agentchat.testing.WsClient;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static agentchat.live.TurnEvents.completed;
import static agentchat.live.TurnEvents.ofType;
import static agentchat.live.TurnEvents.partTypes;
import static agentchat.live.TurnEvents.stopReason;
import static agentchat.live.TurnEvents.types;
import static agentchat.testing.TestApp.ALICE;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * Claude Sonnet 5.5 (the default model) through the running server, against a fake that keeps the
 * API's thinking rules: the progress notes it writes between tool calls reach the socket as text,
 * the stored message holds them as text and no thinking, and the next turn replays it validly.
 */
class ProgressUpdatesLiveTest {

    private static FakeUpstream upstream;
    private static RunningServer server;

    @BeforeAll
    static void start() throws Exception {
        upstream = FakeUpstream.start();
        upstream.answerThrough(new AnthropicThinkingRules()::answer);
        server = RunningServer.start(LiveTestSupport.appFor(upstream, "anthropic", Map.of(
                "agent.model", "claude-sonnet-5-5",
                "agent.tools.workspace-root", Files.createTempDirectory("agentchat-progress").toString())));
    }

    @AfterAll
    static void stop() {
        server.close();
        upstream.close();
    }

    private static List<String> deltas(List<JsonObject> events) {
        return ofType(events, "message_delta").stream().map(event -> event.getString("delta")).toList();
    }

    @Test
    void progressNotesReachTheSocketAsTextAndTheStoredMessageKeepsThemWithoutThinking() {
        String chatId = server.api().createChat(ALICE, null);
        int first = upstream.requestCount();
        upstream.enqueue(
                FakeReply.sse(new AnthropicStream().thinking().thinking("Saving your list first.")
                                      .toolUse("toolu_todo", "Write", "{\"path\":\"todo.md\",", "\"content\":\"- milk\\n\"}")
                                      .events()),
                FakeReply.sse(new AnthropicStream().thinking().thinking("Saved.").text("Your list is in todo.md.")
                                      .events()),
                FakeReply.sse(new AnthropicStream().thinking().text("You asked me to save a list.").events()));

        List<JsonObject> events;
        List<JsonObject> next;
        try (WsClient ws = server.socket(chatId, ALICE)) {
            events = ws.sendMessage("Save my todo list: milk").untilIdle();
            next = ws.sendMessage("What did I ask before?").untilIdle();
        }

        assertThat(types(events), contains("user_message_stored", "message_start", "status:thinking",
                "status:responding", "message_delta", "tool_use", "status:tool_use", "tool_result",
                "status:thinking", "status:responding", "message_delta", "message_delta", "message_delta",
                "message_complete", "status:idle"));
        assertThat(deltas(events), contains("Saving your list first.", "Saved.", "\n\n", "Your list is in todo.md."));
        JsonObject message = completed(events);
        assertThat(stopReason(message), is("end_turn"));
        assertThat(partTypes(message), contains("text", "tool_use", "tool_result", "text"));
        JsonArray content = message.getJsonArray("content");
        assertThat(content.getJsonObject(0).getString("text"), is("Saving your list first."));
        assertThat(content.getJsonObject(3).getString("text"), is("Saved.\n\nYour list is in todo.md."));
        assertThat(message.toString(), not(containsString("signature")));
        JsonArray stored = server.api().get("/api/chats/" + chatId + "/messages", ALICE).json().getJsonArray("data");
        assertThat(stored.getJsonObject(1), is(message));

        assertThat(stopReason(completed(next)), is("end_turn"));
        JsonObject replay = upstream.request(first + 2).json();
        List<String> replayedTypes = replay.getJsonArray("messages").getValuesAs(JsonObject.class).stream()
                .flatMap(m -> m.getJsonArray("content").getValuesAs(JsonObject.class).stream())
                .map(block -> block.getString("type")).toList();
        assertThat(replayedTypes, contains("text", "text", "tool_use", "tool_result", "text", "text"));
        JsonObject replayed = replay.getJsonArray("messages").getJsonObject(1);
        assertThat(replayed.getString("role"), is("assistant"));
        assertThat(replayed.getJsonArray("content").getJsonObject(0).getString("text"), is("Saving your list first."));
        assertThat(replay.getJsonObject("thinking").getString("display"), is("updates"));
    }
}
