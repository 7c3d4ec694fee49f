package agentchat.mcp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import agentchat.config.ConfigLoader;
import agentchat.json.Json;
import agentchat.testing.TestMcpServer;
import agentchat.tools.ExternalTools.ExternalTool;
import agentchat.tools.ToolOutput;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static agentchat.testing.TestMcpServer.TOOLS;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

/**
 * The MCP client against the tests' MCP server as real processes (stdio) and over Streamable HTTP: tools
 * listed under their offered names with their schemas, calls and their results, and a server that does not
 * exist beside ones that work. Restarts, cancel and the environment are in {@link McpLifecycleTest}.
 */
class McpServersTest {

    private static final Path LOG = TestMcpServer.newLog();
    private static TestMcpServer httpServer;
    private static McpServers mcp;

    @BeforeAll
    static void start() {
        httpServer = TestMcpServer.startHttp(Map.of());
        Map<String, String> keys = new HashMap<>();
        keys.putAll(TestMcpServer.stdio("local", Map.of("MCP_TEST_LOG", LOG.toString())));
        keys.putAll(TestMcpServer.http("remote", httpServer.url(), Map.of("X-Team-Token", "t0ken")));
        keys.put("agent.mcp.servers.missing.command", "/nonexistent/mcp-server");
        mcp = McpServers.start(settings(keys));
        mcp.awaitStarted();
    }

    @AfterAll
    static void stop() {
        mcp.close();
        httpServer.close();
    }

    static McpSettings settings(Map<String, String> keys) {
        Map<String, String> all = new HashMap<>(Map.of("agent.mcp.restart-base-delay-ms", "200",
                "agent.mcp.start-timeout-seconds", "20"));
        all.putAll(keys);
        return McpSettings.from(ConfigLoader.load(Map.of(), all).get("agent.mcp"));
    }

    private static ExternalTool tool(String offeredName) {
        return mcp.tools().stream().filter(tool -> tool.spec().name().equals(offeredName)).findFirst()
                .orElseThrow(() -> new AssertionError(offeredName + " not offered: " + mcp.tools()));
    }

    private static ToolOutput call(String offeredName, JsonObject input) throws InterruptedException {
        return mcp.call(tool(offeredName), input);
    }

    @Test
    void everyToolOfEveryPageIsOfferedUnderItsServersPrefixWithCleanedNames() {
        List<String> local = mcp.tools().stream().filter(tool -> tool.source().equals("mcp:local"))
                .map(tool -> tool.spec().name()).toList();
        assertThat(local, contains(TOOLS.stream().map(name -> "mcp__local__" + name.replace('.', '_')).toArray()));
        assertThat(mcp.tools().stream().filter(tool -> tool.source().equals("mcp:remote")).count(), is((long) TOOLS.size()));
    }

    @Test
    void theServersInputSchemaAndReadOnlyAnnotationAreKept() {
        ExternalTool echo = tool("mcp__local__echo");
        assertThat(echo.spec().inputSchema(), is(Json.parseObject("""
                {"type":"object","properties":{"text":{"type":"string","description":"what to echo"}},
                 "required":["text"],"additionalProperties":false}""")));
        assertThat(echo.spec().description(), is("Returns the text it is given."));
        assertThat(echo.readOnly(), is(false));
        assertThat(tool("mcp__local__add").readOnly(), is(true));
    }

    @Test
    void aCallReturnsTheToolsText() throws Exception {
        ToolOutput output = call("mcp__local__echo", Json.object().add("text", "hello").build());
        assertThat(output.isError(), is(false));
        assertThat(output.text(), is("hello"));
        assertThat(call("mcp__local__dotted_name", Json.object().build()).text(), is("dotted"));
    }

    @Test
    void aToolsErrorResultIsAnErrorOutput() throws Exception {
        ToolOutput output = call("mcp__local__fail", Json.object().add("message", "disk full").build());
        assertThat(output.isError(), is(true));
        assertThat(output.text(), is("disk full"));
    }

    @Test
    void aRefusedCallIsAnErrorOutputNamingTheServer() throws Exception {
        // the server answers tools/call for an unknown tool with a JSON-RPC error
        ExternalTool ghost = new ExternalTool(new agentchat.agent.ToolSpec("mcp__local__echo", "", Json.object().build()),
                "mcp:nowhere", false);
        assertThat(mcp.call(ghost, Json.object().build()).isError(), is(true));
        ToolOutput output = mcp.call(tool("mcp__local__add"), Json.object().add("a", 1).add("b", 2).build());
        assertThat(output.text(), is("3"));
    }

    @Test
    void anImageResultKeepsTheImage() throws Exception {
        ToolOutput output = call("mcp__local__image", Json.object().build());
        assertThat(output.text(), is("a red square"));
        assertThat(output.images(), hasSize(1));
        assertThat(output.images().getFirst().mimeType(), is("image/png"));
        assertThat(output.images().getFirst().bytes(), is(Base64.getDecoder().decode(TestMcpServer.RED_SQUARE_PNG)));
    }

    @Test
    void theHttpTransportCallsToolsAndSendsTheConfiguredHeaders() throws Exception {
        assertThat(call("mcp__remote__add", Json.object().add("a", 40).add("b", 2).build()).text(), is("42"));
        JsonObject env = Json.parseObject(call("mcp__remote__env", Json.object().build()).text());
        assertThat(env.getJsonObject("headers").getString("x-team-token"), is("t0ken"));
    }

    @Test
    void aServerThatKeepsFailingStaysDownThroughItsRetriesInsteadOfFlickeringToStarting() {
        try (McpServers failing = McpServers.start(settings(Map.of(
                "agent.mcp.servers.missing.command", "/nonexistent/mcp-server",
                "agent.mcp.restart-base-delay-ms", "1",
                "agent.mcp.restart-max-delay-ms", "1")))) {
            failing.awaitStarted();
            Set<String> seen = new TreeSet<>();
            for (int i = 0; i < 2000; i++) { // hundreds of retries, one every millisecond
                seen.add(failing.health().getJsonObject("missing").getString("state"));
            }
            assertThat(seen, is(Set.of("down")));
        }
    }

    @Test
    void aServerThatCannotStartIsDownWithoutToolsWhileTheOthersWork() throws Exception {
        JsonObject health = mcp.health();
        assertThat(health.getJsonObject("missing").getString("state"), is("down"));
        assertThat(health.getJsonObject("missing").getInt("tools"), is(0));
        assertThat(health.getJsonObject("local").getString("state"), is("up"));
        assertThat(health.getJsonObject("local").getInt("tools"), is(TOOLS.size()));
        assertThat(health.getJsonObject("remote").getString("state"), is("up"));
        assertThat(mcp.tools().stream().filter(tool -> tool.source().equals("mcp:missing")).toList(), is(empty()));
        Optional<String> why = mcp.unavailable("mcp__missing__anything");
        assertThat(why.orElseThrow(), containsString("MCP server missing is not running"));
        assertThat(mcp.unavailable("mcp__local__nothing_like_it"), is(Optional.empty()));
        assertThat(call("mcp__local__echo", Json.object().add("text", "still here").build()).text(), is("still here"));
    }

    @Test
    void theStdioServerLogsOneStartAndTheCallsItGot() throws Exception {
        call("mcp__local__echo", Json.object().add("text", "logged").build());
        List<String> lines = TestMcpServer.lines(LOG);
        assertThat(lines.stream().filter(line -> line.startsWith("started ")).count(), is(1L));
        assertThat(lines.stream().anyMatch(line -> line.startsWith("call echo ")), is(true));
        assertThat(Files.exists(LOG), is(true));
    }

    @Test
    void theStartTimeoutBoundsHowLongAHungServerDelaysTheStart() {
        Map<String, String> keys = new HashMap<>(TestMcpServer.stdio("hung", Map.of("MCP_TEST_HANG_INIT", "1")));
        keys.put("agent.mcp.start-timeout-seconds", "1");
        long start = System.nanoTime();
        try (McpServers hung = McpServers.start(settings(keys))) {
            hung.awaitStarted();
            long waited = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertThat("waited " + waited + " ms", waited < 10_000, is(true));
            assertThat(hung.tools(), is(empty()));
            TestMcpServer.await("the hung server is down", () -> hung.health().getJsonObject("hung").getString("state")
                    .equals("down"), Duration.ofSeconds(15));
        }
    }
}
