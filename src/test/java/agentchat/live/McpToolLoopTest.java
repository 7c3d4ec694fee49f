package agentchat.live;

import java.util.EnumMap;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static agentchat.live.ProviderWire.ANTHROPIC;
import static agentchat.live.ProviderWire.input;
import static agentchat.live.TurnEvents.completed;
import static agentchat.live.TurnEvents.ofType;
import static agentchat.live.TurnEvents.partTypes;
import static agentchat.live.TurnEvents.stopReason;
import static agentchat.testing.TestApp.ALICE;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * MCP tools in the agent's loop through the running server, for both providers: offered with their schemas
 * beside the built-in tools, called through the same events, stored and replayed like any tool call, error and
 * image results, the HTTP transport, and a configured server that does not exist while the others work.
 */
class McpToolLoopTest {

    private record Served(FakeUpstream upstream, RunningServer server) {
    }

    private static final Map<ProviderWire, Served> SERVED = new EnumMap<>(ProviderWire.class);
    private static TestMcpServer remote;

    @BeforeAll
    static void start() {
        remote = TestMcpServer.startHttp(Map.of());
        for (ProviderWire wire : ProviderWire.values()) {
            Map<String, String> config = new HashMap<>(TestMcpServer.stdio("kit", Map.of()));
            config.putAll(TestMcpServer.http("remote", remote.url(), Map.of()));
            config.put("agent.mcp.servers.ghost.command", "/nonexistent/mcp-server");
            config.put("agent.mcp.restart-base-delay-ms", "60000");
            FakeUpstream upstream = FakeUpstream.start();
            SERVED.put(wire, new Served(upstream, RunningServer.start(LiveTestSupport.appFor(upstream, wire.provider(), config))));
        }
    }

    @AfterAll
    static void stop() {
        SERVED.values().forEach(served -> {
            served.server().close();
            served.upstream().close();
        });
        remote.close();
    }

    private static List<JsonObject> turn(Served served, String chatId, String text) {
        try (WsClient ws = served.server().socket(chatId, ALICE)) {
            return ws.sendMessage(text).untilIdle();
        }
    }

    @ParameterizedTest
    @EnumSource(ProviderWire.class)
    void mcpToolsAreOfferedWithTheServersSchemasBesideTheBuiltInOnes(ProviderWire wire) {
        Served served = SERVED.get(wire);
        String chatId = served.server().api().createChat(ALICE, null);
        int request = served.upstream().requestCount();
        served.upstream().enqueue(wire.text("Hi."));

        turn(served, chatId, "What can you do?");

        Map<String, JsonObject> tools = wire.toolsIn(served.upstream().request(request).json());
        assertThat(tools.keySet(), hasItems("Read", "Write", "Edit", "Glob", "Grep", "mcp__kit__echo", "mcp__kit__add",
                "mcp__kit__dotted_name", "mcp__kit__image", "mcp__remote__echo"));
        assertThat(tools.get("mcp__kit__echo"), is(Json.parseObject("""
                {"type":"object","properties":{"text":{"type":"string","description":"what to echo"}},
                 "required":["text"],"additionalProperties":false}""")));
        assertThat(tools.keySet().stream().filter(name -> name.startsWith("mcp__ghost__")).toList(), is(List.of()));
    }

    @ParameterizedTest
    @EnumSource(ProviderWire.class)
    void anMcpCallRunsInTheTurnIsStoredAndIsReplayedOnTheNextTurn(ProviderWire wire) {
        Served served = SERVED.get(wire);
        String chatId = served.server().api().createChat(ALICE, null);
        int first = served.upstream().requestCount();
        JsonObject echoInput = input("text", "ping");
        served.upstream().enqueue(wire.toolCall("call_echo_1", "mcp__kit__echo", echoInput), wire.text("It said ping."),
                wire.text("You asked me to echo ping."));

        List<JsonObject> events = turn(served, chatId, "Echo ping");

        JsonObject use = ofType(events, "tool_use").getFirst();
        assertThat(use.getString("toolName"), is("mcp__kit__echo"));
        assertThat(use.getJsonObject("toolInput"), is(echoInput));
        JsonObject result = ofType(events, "tool_result").getFirst();
        assertThat(result.getString("output"), is("ping"));
        assertThat(result.getBoolean("isError"), is(false));
        JsonObject message = completed(events);
        assertThat(partTypes(message), contains("tool_use", "tool_result", "text"));
        assertThat(stopReason(message), is("end_turn"));
        ProviderWire.Result sentBack = wire.toolResultIn(served.upstream().request(first + 1).json(), "call_echo_1");
        assertThat(sentBack.content(), is("ping"));
        JsonArray stored = served.server().api().get("/api/chats/" + chatId + "/messages", ALICE).json().getJsonArray("data");
        assertThat(stored.getJsonObject(1), is(message));

        turn(served, chatId, "What did you do?");

        JsonObject nextTurn = served.upstream().request(first + 2).json();
        assertThat(wire.toolUseIn(nextTurn, "call_echo_1"), is(new ProviderWire.Call("mcp__kit__echo", echoInput)));
        assertThat(wire.toolResultIn(nextTurn, "call_echo_1").content(), is("ping"));
    }

    @ParameterizedTest
    @EnumSource(ProviderWire.class)
    void anMcpErrorResultReachesTheModelAsAnError(ProviderWire wire) {
        Served served = SERVED.get(wire);
        String chatId = served.server().api().createChat(ALICE, null);
        int first = served.upstream().requestCount();
        served.upstream().enqueue(wire.toolCall("call_fail_1", "mcp__kit__fail", input("message", "quota exceeded")),
                wire.text("That failed."));

        List<JsonObject> events = turn(served, chatId, "Try it");

        JsonObject result = ofType(events, "tool_result").getFirst();
        assertThat(result.getBoolean("isError"), is(true));
        assertThat(result.getString("output"), is("quota exceeded"));
        ProviderWire.Result sentBack = wire.toolResultIn(served.upstream().request(first + 1).json(), "call_fail_1");
        assertThat(sentBack.isError(), is(true));
        assertThat(sentBack.content(), containsString("quota exceeded"));
        assertThat(stopReason(completed(events)), is("end_turn"));
    }

    @ParameterizedTest
    @EnumSource(ProviderWire.class)
    void anImageResultIsShownStoredAndReachesTheModelAsAnImageWhereTheApiAllowsItThenAndOnReplay(ProviderWire wire) {
        Served served = SERVED.get(wire);
        String chatId = served.server().api().createChat(ALICE, null);
        int first = served.upstream().requestCount();
        served.upstream().enqueue(wire.toolCall("call_img_1", "mcp__kit__image", Json.object().build()),
                wire.text("A red square."), wire.text("It was red."));

        List<JsonObject> events = turn(served, chatId, "Show me");

        JsonObject result = ofType(events, "tool_result").getFirst();
        assertThat(result.getString("output"), is("a red square"));
        JsonObject image = result.getJsonArray("images").getJsonObject(0);
        assertThat(image.getString("mimeType"), is("image/png"));
        assertThat(image.getString("url"), is("/api/chats/" + chatId + "/attachments/" + image.getString("attachmentId")));
        assertThat(image.getString("imageData"), is("data:image/png;base64," + TestMcpServer.RED_SQUARE_PNG));
        JsonObject storedResult = completed(events).getJsonArray("content").getJsonObject(1);
        assertThat(storedResult.getJsonArray("images"), is(result.getJsonArray("images")));
        assertSentToTheModel(wire, served.upstream().request(first + 1).json());

        turn(served, chatId, "What colour was it?");

        assertSentToTheModel(wire, served.upstream().request(first + 2).json()); // the stored result, replayed
    }

    /** The image result of call_img_1 in a request: an image block for Anthropic, a note for OpenAI's text-only tool messages. */
    private static void assertSentToTheModel(ProviderWire wire, JsonObject body) {
        if (wire == ANTHROPIC) {
            JsonArray blocks = toolResultBlock(body, "call_img_1").getJsonArray("content");
            assertThat(blocks.getJsonObject(0), is(Json.parseObject("{\"type\":\"text\",\"text\":\"a red square\"}")));
            JsonObject source = blocks.getJsonObject(1).getJsonObject("source");
            assertThat(blocks.getJsonObject(1).getString("type"), is("image"));
            assertThat(source.getString("media_type"), is("image/png"));
            assertThat(source.getString("data"), is(TestMcpServer.RED_SQUARE_PNG));
        } else {
            assertThat(wire.toolResultIn(body, "call_img_1").content(),
                    is("a red square\n[The tool also returned 1 image(s) (image/png), which this API cannot pass on in a tool result.]"));
        }
    }

    @Test
    void theHttpServersToolsRunThroughTheTurn() {
        Served served = SERVED.get(ANTHROPIC);
        String chatId = served.server().api().createChat(ALICE, null);
        served.upstream().enqueue(ANTHROPIC.toolCall("call_add_1", "mcp__remote__add",
                Json.object().add("a", 2).add("b", 3).build()), ANTHROPIC.text("5."));

        JsonObject result = ofType(turn(served, chatId, "2+3?"), "tool_result").getFirst();

        assertThat(result.getString("output"), is("5"));
        assertThat(result.getBoolean("isError"), is(false));
    }

    @Test
    void aCallOfAToolOfTheServerThatDoesNotExistIsAnErrorResultAndTheTurnGoesOn() {
        Served served = SERVED.get(ANTHROPIC);
        String chatId = served.server().api().createChat(ALICE, null);
        served.upstream().enqueue(ANTHROPIC.toolCall("call_ghost_1", "mcp__ghost__anything", Json.object().build()),
                ANTHROPIC.text("That server is down."));

        List<JsonObject> events = turn(served, chatId, "Use the ghost");

        JsonObject result = ofType(events, "tool_result").getFirst();
        assertThat(result.getBoolean("isError"), is(true));
        assertThat(result.getString("output"), containsString("Unknown tool: mcp__ghost__anything")); // never offered
        assertThat(stopReason(completed(events)), is("end_turn"));
    }

    @Test
    void theToolsRouteListsBuiltInAndMcpToolsWithTheirSourceAndApproval() {
        RunningServer server = SERVED.get(ANTHROPIC).server();
        JsonArray tools = server.api().get("/api/tools", ALICE).json().getJsonArray("data");

        JsonObject read = find(tools, "Read");
        assertThat(read.getString("source"), is("builtin"));
        assertThat(read.getBoolean("needsApproval"), is(false));
        JsonObject echo = find(tools, "mcp__kit__echo");
        assertThat(echo.getString("source"), is("mcp:kit"));
        assertThat(echo.getString("description"), is("Returns the text it is given."));
        assertThat(echo.getBoolean("needsApproval"), is(false)); // approval mode never
        assertThat(find(tools, "mcp__remote__add").getString("source"), is("mcp:remote"));
        assertThat(tools.toString(), not(containsString("mcp__ghost__")));
        assertThat(server.api().get("/api/tools", null).status(), is(401));
    }

    @Test
    void healthShowsTheStateOfEachMcpServer() {
        JsonObject health = SERVED.get(ANTHROPIC).server().api().get("/health", null).json();

        assertThat(health.getString("status"), is("ok"));
        JsonObject mcp = health.getJsonObject("mcp");
        assertThat(mcp.getJsonObject("kit").getString("state"), is("up"));
        assertThat(mcp.getJsonObject("kit").getInt("tools"), is(TestMcpServer.TOOLS.size()));
        assertThat(mcp.getJsonObject("remote").getString("state"), is("up"));
        assertThat(mcp.getJsonObject("ghost").getString("state"), is("down"));
    }

    private static JsonObject find(JsonArray tools, String name) {
        return tools.getValuesAs(JsonObject.class).stream().filter(tool -> tool.getString("name").equals(name))
                .findFirst().orElseThrow(() -> new AssertionError(name + " not in " + tools));
    }

    private static JsonObject toolResultBlock(JsonObject body, String toolUseId) {
        for (JsonObject message : body.getJsonArray("messages").getValuesAs(JsonObject.class)) {
            for (JsonObject block : message.getJsonArray("content").getValuesAs(JsonObject.class)) {
                if (block.getString("type").equals("tool_result") && block.getString("tool_use_id").equals(toolUseId)) {
                    return block;
                }
            }
        }
        throw new AssertionError("no tool_result for " + toolUseId + " in " + body);
    }
}
