package agentchat.live;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import agentchat.json.Json;
import agentchat.testing.FakeUpstream;
import agentchat.testing.RunningServer;
import agentchat.testing.TestMcpServer;
import agentchat.testing.WsClient;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static agentchat.live.ProviderWire.ANTHROPIC;
import static agentchat.live.ProviderWire.input;
import static agentchat.live.TurnEvents.completed;
import static agentchat.live.TurnEvents.ofType;
import static agentchat.live.TurnEvents.stopReason;
import static agentchat.live.TurnEvents.types;
import static agentchat.testing.TestApp.ALICE;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * Approval mode {@code writes} with MCP tools: a tool the server annotates {@code readOnlyHint: true} runs at
 * once; any other MCP tool asks first, like Write does, and a denial is the model's error result.
 */
class McpApprovalTest {

    private static final FakeUpstream UPSTREAM = FakeUpstream.start();
    private static final java.nio.file.Path LOG = TestMcpServer.newLog();
    private static RunningServer server;

    @BeforeAll
    static void start() {
        Map<String, String> config = new HashMap<>(TestMcpServer.stdio("kit", Map.of("MCP_TEST_LOG", LOG.toString())));
        config.put("agent.tools.approval", "writes");
        config.put("agent.tools.approval-timeout-seconds", "30");
        server = RunningServer.start(LiveTestSupport.appFor(UPSTREAM, "anthropic", config));
    }

    @AfterAll
    static void stop() {
        server.close();
        UPSTREAM.close();
    }

    private static JsonObject answer(String requestId, boolean approved) {
        return Json.object().add("type", "tool_approval_response").add("requestId", requestId)
                .add("approved", approved).build();
    }

    @Test
    void aReadOnlyMcpToolRunsWithoutAsking() {
        String chatId = server.api().createChat(ALICE, null);
        UPSTREAM.enqueue(ANTHROPIC.toolCall("toolu_add", "mcp__kit__add", Json.object().add("a", 1).add("b", 1).build()),
                ANTHROPIC.text("2."));
        try (WsClient ws = server.socket(chatId, ALICE)) {
            List<JsonObject> events = ws.sendMessage("1+1").untilIdle();

            assertThat(types(events), not(hasItem("tool_approval_request")));
            assertThat(ofType(events, "tool_result").getFirst().getString("output"), is("2"));
        }
    }

    @Test
    void anMcpToolWithoutTheReadOnlyHintAsksAndRunsOnlyOnceApproved() {
        String chatId = server.api().createChat(ALICE, null);
        UPSTREAM.enqueue(ANTHROPIC.toolCall("toolu_echo", "mcp__kit__echo", input("text", "approved echo")),
                ANTHROPIC.text("Done."));
        try (WsClient ws = server.socket(chatId, ALICE)) {
            JsonObject request = ws.sendMessage("echo it").until("tool_approval_request").getLast();
            assertThat(request.getString("toolName"), is("mcp__kit__echo"));
            assertThat(request.getJsonObject("toolInput"), is(input("text", "approved echo")));
            assertThat(TestMcpServer.lines(LOG), not(hasItem(containsString("call echo"))));

            List<JsonObject> rest = ws.send(answer(request.getString("requestId"), true)).untilIdle();

            assertThat(ofType(rest, "tool_result").getFirst().getString("output"), is("approved echo"));
            assertThat(stopReason(completed(rest)), is("end_turn"));
        }
    }

    @Test
    void aDeniedMcpCallNeverReachesTheServer() {
        String chatId = server.api().createChat(ALICE, null);
        UPSTREAM.enqueue(ANTHROPIC.toolCall("toolu_no", "mcp__kit__fail", input("message", "should not run")),
                ANTHROPIC.text("Fine."));
        try (WsClient ws = server.socket(chatId, ALICE)) {
            JsonObject request = ws.sendMessage("fail it").until("tool_approval_request").getLast();

            List<JsonObject> rest = ws.send(answer(request.getString("requestId"), false)).untilIdle();

            JsonObject result = ofType(rest, "tool_result").getFirst();
            assertThat(result.getBoolean("isError"), is(true));
            assertThat(result.getString("output"), containsString("The user denied this tool call"));
            assertThat(TestMcpServer.lines(LOG), not(hasItem(containsString("call fail"))));
        }
    }

    @Test
    void theToolsRouteSaysWhichToolsAskForApproval() {
        JsonArray tools = server.api().get("/api/tools", ALICE).json().getJsonArray("data");

        assertThat(needsApproval(tools, "Read"), is(false));
        assertThat(needsApproval(tools, "Write"), is(true));
        assertThat(needsApproval(tools, "mcp__kit__add"), is(false));
        assertThat(needsApproval(tools, "mcp__kit__echo"), is(true));
    }

    private static boolean needsApproval(JsonArray tools, String name) {
        return tools.getValuesAs(JsonObject.class).stream().filter(tool -> tool.getString("name").equals(name))
                .findFirst().orElseThrow(() -> new AssertionError(name + " not in " + tools)).getBoolean("needsApproval");
    }
}
