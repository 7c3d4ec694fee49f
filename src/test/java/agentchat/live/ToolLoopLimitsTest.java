package agentchat.live;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import agentchat.testing.AnthropicStream;
import agentchat.testing.FakeReply;
import agentchat.testing.FakeUpstream;
import agentchat.testing.RunningServer;
import agentchat.testing.WsClient;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static agentchat.live.ProviderWire.ANTHROPIC;
import static agentchat.live.ProviderWire.input;
import static agentchat.live.ProviderWire.split;
import static agentchat.live.TurnEvents.completed;
import static agentchat.live.TurnEvents.ofType;
import static agentchat.live.TurnEvents.partTypes;
import static agentchat.live.TurnEvents.stopReason;
import static agentchat.testing.TestApp.ALICE;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * What the tool loop refuses or stops: paths out of the workspace, tools that do not exist, more
 * model calls than agent.max-turns (2 here); and that deleting a chat removes its workspace.
 */
class ToolLoopLimitsTest {

    private static final FakeUpstream UPSTREAM = FakeUpstream.start();
    private static RunningServer server;
    private static Path workspaces;

    @BeforeAll
    static void start() throws Exception {
        workspaces = Files.createTempDirectory("agentchat-limits");
        server = RunningServer.start(LiveTestSupport.appFor(UPSTREAM, "anthropic", Map.of(
                "agent.max-turns", "2",
                "agent.tools.workspace-root", workspaces.toString())));
    }

    @AfterAll
    static void stop() {
        server.close();
        UPSTREAM.close();
    }

    private List<JsonObject> turn(String chatId, String text) {
        try (WsClient ws = server.socket(chatId, ALICE)) {
            return ws.sendMessage(text).untilIdle();
        }
    }

    @Test
    void readingOutsideTheWorkspaceIsAnErrorResultAndTheModelContinues() {
        String chatId = server.api().createChat(ALICE, null);
        int first = UPSTREAM.requestCount();
        UPSTREAM.enqueue(FakeReply.sse(new AnthropicStream()
                        .toolUse("toolu_up", "Read", split(input("path", "../../etc/passwd").toString()))
                        .toolUse("toolu_abs", "Read", split(input("path", "/etc/passwd").toString()))
                        .events()),
                ANTHROPIC.text("I may not read that."));

        List<JsonObject> events = turn(chatId, "Show me /etc/passwd");

        List<JsonObject> results = ofType(events, "tool_result");
        assertThat(results.size(), is(2));
        for (JsonObject result : results) {
            assertThat(result.getBoolean("isError"), is(true));
            assertThat(result.getString("output"), not(containsString("root:")));
        }
        assertThat(results.get(0).getString("output"), containsString("outside the workspace"));
        assertThat(results.get(1).getString("output"), containsString("Absolute paths are not allowed"));
        JsonObject sentBack = UPSTREAM.request(first + 1).json();
        assertThat(ANTHROPIC.toolResultIn(sentBack, "toolu_up").isError(), is(true));
        assertThat(ANTHROPIC.toolResultIn(sentBack, "toolu_abs").isError(), is(true));
        assertThat(sentBack.toString(), not(containsString("root:")));
        JsonObject message = completed(events);
        assertThat(partTypes(message), contains("tool_use", "tool_result", "tool_use", "tool_result", "text"));
        assertThat(stopReason(message), is("end_turn"));
    }

    @Test
    void anUnknownToolIsAnErrorResult() {
        String chatId = server.api().createChat(ALICE, null);
        UPSTREAM.enqueue(ANTHROPIC.toolCall("toolu_x", "LaunchRockets", input("target", "moon")),
                ANTHROPIC.text("That tool does not exist."));

        List<JsonObject> events = turn(chatId, "Launch");

        JsonObject result = ofType(events, "tool_result").getFirst();
        assertThat(result.getString("toolUseId"), is("toolu_x"));
        assertThat(result.getBoolean("isError"), is(true));
        assertThat(result.getString("output"), containsString("Unknown tool"));
        assertThat(stopReason(completed(events)), is("end_turn"));
    }

    @Test
    void aModelThatKeepsAskingForToolsStopsAtMaxTurns() {
        String chatId = server.api().createChat(ALICE, null);
        int first = UPSTREAM.requestCount();
        UPSTREAM.enqueue(ANTHROPIC.toolCall("toolu_g1", "Glob", input("pattern", "*")),
                ANTHROPIC.toolCall("toolu_g2", "Glob", input("pattern", "**")));

        List<JsonObject> events = turn(chatId, "Look around forever");

        assertThat(UPSTREAM.requestCount() - first, is(2));
        JsonObject message = completed(events);
        assertThat(stopReason(message), is("max_turns"));
        assertThat(ofType(events, "error").isEmpty(), is(true));
        JsonArray content = message.getJsonArray("content");
        JsonObject last = content.getJsonObject(content.size() - 1);
        assertThat(last.getString("type"), is("tool_result"));
        assertThat(last.getString("toolUseId"), is("toolu_g2"));
        assertThat(last.getBoolean("isError"), is(true));
        assertThat(last.getString("content"), containsString("max-turns"));
        JsonArray stored = server.api().get("/api/chats/" + chatId + "/messages", ALICE).json().getJsonArray("data");
        assertThat(stored.getJsonObject(1), is(message));
    }

    @Test
    void deletingAChatRemovesItsWorkspace() {
        String chatId = server.api().createChat(ALICE, null);
        UPSTREAM.enqueue(ANTHROPIC.toolCall("toolu_w", "Write", input("path", "a/b.txt", "content", "x")),
                ANTHROPIC.text("done"));
        turn(chatId, "write something");
        Path workspace = workspaces.resolve(chatId);
        assertThat(Files.isRegularFile(workspace.resolve("a/b.txt")), is(true));

        assertThat(server.api().delete("/api/chats/" + chatId, ALICE).status(), is(204));

        assertThat(Files.exists(workspace), is(false));
        assertThat(Files.isDirectory(workspaces), is(true));
    }
}
