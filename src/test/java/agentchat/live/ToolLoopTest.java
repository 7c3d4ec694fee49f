package agentchat.live;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import agentchat.testing.FakeUpstream;
import agentchat.testing.RecordedRequest;
import agentchat.testing.RunningServer;
import agentchat.testing.WsClient;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static agentchat.live.ProviderWire.input;
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
import static org.hamcrest.Matchers.notNullValue;

/**
 * The tool loop through the running server, for both providers' wire formats: the model's calls
 * run in the chat's workspace, stream as events, go back upstream in the provider's format, and
 * end up in one assistant message that later turns replay.
 */
class ToolLoopTest {

    private record Served(FakeUpstream upstream, RunningServer server) {
    }

    private static final Map<ProviderWire, Served> SERVED = new EnumMap<>(ProviderWire.class);
    private static Path workspaces;

    @BeforeAll
    static void start() throws Exception {
        workspaces = Files.createTempDirectory("agentchat-toolloop");
        for (ProviderWire wire : ProviderWire.values()) {
            FakeUpstream upstream = FakeUpstream.start();
            SERVED.put(wire, new Served(upstream, RunningServer.start(LiveTestSupport.appFor(upstream, wire.provider(),
                    Map.of("agent.tools.workspace-root", workspaces.toString())))));
        }
    }

    @AfterAll
    static void stop() {
        SERVED.values().forEach(served -> {
            served.server().close();
            served.upstream().close();
        });
    }

    @ParameterizedTest
    @EnumSource(ProviderWire.class)
    void writeThenReadRunInTheChatsWorkspaceAndTheAnswerContinuesTheSameMessage(ProviderWire wire) throws Exception {
        Served served = SERVED.get(wire);
        String chatId = served.server().api().createChat(ALICE, null);
        int firstRequest = served.upstream().requestCount();
        JsonObject writeInput = input("path", "notes/hello.txt", "content", "Hello from the agent\n");
        served.upstream().enqueue(wire.toolCall("call_write_1", "Write", writeInput),
                wire.toolCall("call_read_1", "Read", input("path", "notes/hello.txt")),
                wire.text("The file says ", "hello."));

        List<JsonObject> events;
        try (WsClient ws = served.server().socket(chatId, ALICE)) {
            events = ws.sendMessage("Write a note, then read it back").untilIdle();
        }

        assertThat(types(events), contains("user_message_stored", "message_start", "status:thinking",
                "tool_use", "status:tool_use", "tool_result", "status:thinking",
                "tool_use", "status:tool_use", "tool_result", "status:thinking",
                "status:responding", "message_delta", "message_delta", "message_complete", "status:idle"));
        String messageId = events.get(1).getString("messageId");
        List<JsonObject> uses = ofType(events, "tool_use");
        List<JsonObject> results = ofType(events, "tool_result");
        assertThat(uses.getFirst().getString("messageId"), is(messageId));
        assertThat(uses.getFirst().getString("toolUseId"), is("call_write_1"));
        assertThat(uses.getFirst().getString("toolName"), is("Write"));
        assertThat(uses.getFirst().getJsonObject("toolInput"), is(writeInput));
        assertThat(uses.get(1).getString("toolName"), is("Read"));
        assertThat(results.getFirst().getString("messageId"), is(messageId));
        assertThat(results.getFirst().getString("toolUseId"), is("call_write_1"));
        assertThat(results.getFirst().getBoolean("isError"), is(false));
        assertThat(results.get(1).getString("toolUseId"), is("call_read_1"));
        assertThat(results.get(1).getBoolean("isError"), is(false));
        assertThat(results.get(1).getString("output"), containsString("Hello from the agent"));

        Path file = workspaces.resolve(chatId).resolve("notes/hello.txt");
        assertThat(Files.readString(file), is("Hello from the agent\n"));

        JsonObject secondBody = served.upstream().request(firstRequest + 1).json();
        assertThat(wire.toolUseIn(secondBody, "call_write_1"), is(new ProviderWire.Call("Write", writeInput)));
        ProviderWire.Result writeResult = wire.toolResultIn(secondBody, "call_write_1");
        assertThat(writeResult, notNullValue());
        assertThat(writeResult.isError(), is(false));
        JsonObject thirdBody = served.upstream().request(firstRequest + 2).json();
        assertThat(wire.toolResultIn(thirdBody, "call_read_1").content(), containsString("Hello from the agent"));

        JsonObject message = completed(events);
        assertThat(message.getString("id"), is(messageId));
        assertThat(partTypes(message), contains("tool_use", "tool_result", "tool_use", "tool_result", "text"));
        assertThat(message.getJsonArray("content").getJsonObject(4).getString("text"), is("The file says hello."));
        assertThat(stopReason(message), is("end_turn"));
        JsonArray stored = served.server().api().get("/api/chats/" + chatId + "/messages", ALICE).json()
                .getJsonArray("data");
        assertThat(stored.size(), is(2));
        assertThat(stored.getJsonObject(1), is(message));
    }

    @ParameterizedTest
    @EnumSource(ProviderWire.class)
    void theNextTurnReplaysEarlierToolCallsAndResultsInTheProvidersFormat(ProviderWire wire) throws Exception {
        Served served = SERVED.get(wire);
        String chatId = served.server().api().createChat(ALICE, null);
        int firstRequest = served.upstream().requestCount();
        JsonObject writeInput = input("path", "todo.md", "content", "- buy milk\n");
        served.upstream().enqueue(wire.toolCall("call_todo_1", "Write", writeInput),
                wire.text("Saved your list."),
                wire.text("You asked me to save a list."));

        try (WsClient ws = served.server().socket(chatId, ALICE)) {
            ws.sendMessage("Save my todo list").untilIdle();
            ws.sendMessage("What did I ask before?").untilIdle();
        }

        RecordedRequest nextTurn = served.upstream().request(firstRequest + 2);
        JsonObject body = nextTurn.json();
        assertThat(wire.toolUseIn(body, "call_todo_1"), is(new ProviderWire.Call("Write", writeInput)));
        ProviderWire.Result result = wire.toolResultIn(body, "call_todo_1");
        assertThat(result, notNullValue());
        assertThat(result.isError(), is(false));
        JsonArray messages = body.getJsonArray("messages");
        assertThat(messages.getJsonObject(messages.size() - 1).toString(), containsString("What did I ask before?"));
        assertThat(body.toString(), containsString("Saved your list."));
    }
}
