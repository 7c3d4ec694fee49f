package agentchat.live;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import agentchat.json.Json;
import agentchat.testing.FakeUpstream;
import agentchat.testing.RunningServer;
import agentchat.testing.TestMcpServer;
import agentchat.testing.WsClient;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
import static org.hamcrest.Matchers.is;

/**
 * An MCP server that does not answer or dies, seen from a chat: cancel ends the turn at once and cancels the call
 * on the server; a server killed mid-call gives an error result (not a hung turn) and serves the next turn again.
 */
class McpToolFailuresTest {

    private static final FakeUpstream UPSTREAM = FakeUpstream.start();
    private static final Path LOG = TestMcpServer.newLog();
    private static RunningServer server;

    @BeforeAll
    static void start() {
        Map<String, String> config = new HashMap<>(TestMcpServer.stdio("kit", Map.of("MCP_TEST_LOG", LOG.toString())));
        config.put("agent.mcp.restart-base-delay-ms", "200");
        server = RunningServer.start(LiveTestSupport.appFor(UPSTREAM, "anthropic", config));
    }

    @AfterAll
    static void stop() {
        server.close();
        UPSTREAM.close();
    }

    private static String awaitCall(String tool, int count) {
        TestMcpServer.await(count + " calls of " + tool, () -> calls(tool).size() >= count, Duration.ofSeconds(10));
        return calls(tool).get(count - 1);
    }

    private static List<String> calls(String tool) {
        return TestMcpServer.lines(LOG).stream().filter(line -> line.startsWith("call " + tool + " ")).toList();
    }

    @Test
    void cancelDuringASlowMcpCallEndsTheTurnAtOnceAndCancelsTheCallOnTheServer() {
        String chatId = server.api().createChat(ALICE, null);
        int sleeps = calls("sleep").size();
        UPSTREAM.enqueue(ANTHROPIC.toolCall("toolu_slow", "mcp__kit__sleep", Json.object().add("ms", 120_000).build()));
        try (WsClient ws = server.socket(chatId, ALICE)) {
            ws.sendMessage("take your time").until("tool_use");
            String requestId = awaitCall("sleep", sleeps + 1).substring("call sleep ".length());
            long start = System.nanoTime();

            List<JsonObject> rest = ws.cancel().untilIdle();

            long ended = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertThat("the turn ended " + ended + " ms after cancel", ended < 5000, is(true));
            JsonObject message = completed(rest);
            assertThat(stopReason(message), is("cancelled"));
            assertThat(partTypes(message), contains("tool_use"));
            TestMcpServer.awaitLine(LOG, line -> line.startsWith("cancelled " + requestId + " "), Duration.ofSeconds(5));
        }
    }

    @Test
    void aServerKilledMidCallIsAnErrorResultAndServesTheNextTurnOnceRestarted() {
        String chatId = server.api().createChat(ALICE, null);
        int sleeps = calls("sleep").size();
        UPSTREAM.enqueue(ANTHROPIC.toolCall("toolu_dies", "mcp__kit__sleep", Json.object().add("ms", 120_000).build()),
                ANTHROPIC.text("The tool died."));
        try (WsClient ws = server.socket(chatId, ALICE)) {
            ws.sendMessage("sleep").until("tool_use");
            awaitCall("sleep", sleeps + 1);
            long pid = TestMcpServer.lastStartedPid(LOG);

            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            List<JsonObject> events = ws.untilIdle();

            JsonObject result = ofType(events, "tool_result").getFirst();
            assertThat(result.getBoolean("isError"), is(true));
            assertThat(result.getString("output"), containsString("MCP server kit is not running"));
            assertThat(stopReason(completed(events)), is("end_turn"));

            TestMcpServer.await("kit is up again", () -> TestMcpServer.lastStartedPid(LOG) != pid && server.api()
                    .get("/health", null).json().getJsonObject("mcp").getJsonObject("kit").getString("state").equals("up"),
                    Duration.ofSeconds(20));
            UPSTREAM.enqueue(ANTHROPIC.toolCall("toolu_back", "mcp__kit__echo", input("text", "back")),
                    ANTHROPIC.text("It is back."));

            List<JsonObject> next = ws.sendMessage("again").untilIdle();

            JsonObject back = ofType(next, "tool_result").getFirst();
            assertThat(back.getBoolean("isError"), is(false));
            assertThat(back.getString("output"), is("back"));
        }
    }
}
