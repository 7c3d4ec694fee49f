package agentchat.mcp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import agentchat.json.Json;
import agentchat.testing.TestMcpServer;
import agentchat.tools.ExternalTools.ExternalTool;
import agentchat.tools.ToolOutput;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * A stdio MCP server's life as a real process: killed mid-call and started again, its tool list changing,
 * a call cancelled or timed out (the server is told), only its configured environment, and shutdown taking
 * its whole process tree with it.
 */
class McpLifecycleTest {

    private static McpServers start(Path log, Map<String, String> env, Map<String, String> more) {
        Map<String, String> serverEnv = new HashMap<>(env);
        serverEnv.put("MCP_TEST_LOG", log.toString());
        Map<String, String> keys = new HashMap<>(TestMcpServer.stdio("t", serverEnv));
        keys.putAll(more);
        McpServers mcp = McpServers.start(McpServersTest.settings(keys));
        mcp.awaitStarted();
        return mcp;
    }

    private static ExternalTool tool(McpServers mcp, String offeredName) {
        return mcp.tools().stream().filter(tool -> tool.spec().name().equals(offeredName)).findFirst()
                .orElseThrow(() -> new AssertionError(offeredName + " not offered: " + mcp.tools()));
    }

    private static JsonObject sleep(int ms) {
        return Json.object().add("ms", ms).build();
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @Test
    void aServerKilledMidCallGivesAnErrorResultAtOnceThenComesBackWithItsTools() throws Exception {
        Path log = TestMcpServer.newLog();
        try (McpServers mcp = start(log, Map.of(), Map.of())) {
            ExternalTool sleep = tool(mcp, "mcp__t__sleep");
            long pid = TestMcpServer.lastStartedPid(log);
            CompletableFuture<ToolOutput> call = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    call.complete(mcp.call(sleep, sleep(60_000)));
                } catch (Throwable e) {
                    call.completeExceptionally(e);
                }
            });
            TestMcpServer.awaitLine(log, line -> line.startsWith("call sleep "), Duration.ofSeconds(10));

            ProcessHandle.of(pid).orElseThrow().destroyForcibly();

            ToolOutput output = call.get(10, TimeUnit.SECONDS); // not the 120 s call timeout
            assertThat(output.isError(), is(true));
            assertThat(output.text(), containsString("MCP server t is not running"));

            TestMcpServer.await("the server is up again", () -> mcp.health().getJsonObject("t").getString("state")
                    .equals("up") && TestMcpServer.lastStartedPid(log) != pid, Duration.ofSeconds(20));
            ToolOutput again = mcp.call(tool(mcp, "mcp__t__echo"), Json.object().add("text", "back").build());
            assertThat(again.text(), is("back"));
        }
    }

    @Test
    void aCallToADeadServerIsAnErrorNotAWait() throws Exception {
        Path log = TestMcpServer.newLog();
        try (McpServers mcp = start(log, Map.of(), Map.of("agent.mcp.restart-base-delay-ms", "5000"))) {
            ExternalTool echo = tool(mcp, "mcp__t__echo");
            ProcessHandle.of(TestMcpServer.lastStartedPid(log)).orElseThrow().destroyForcibly();
            TestMcpServer.await("the server is down", () -> mcp.health().getJsonObject("t").getString("state")
                    .equals("down"), Duration.ofSeconds(10));

            ToolOutput output = mcp.call(echo, Json.object().add("text", "anyone?").build());

            assertThat(output.isError(), is(true));
            assertThat(output.text(), containsString("exited with code"));
            assertThat(mcp.unavailable("mcp__t__echo").orElseThrow(), containsString("restarted automatically"));
            assertThat(mcp.tools().isEmpty(), is(true));
        }
    }

    @Test
    void toolsListChangedRefreshesTheOfferedTools() throws Exception {
        Path log = TestMcpServer.newLog();
        try (McpServers mcp = start(log, Map.of(), Map.of())) {
            ToolOutput added = mcp.call(tool(mcp, "mcp__t__add_tool"), Json.object().add("name", "fresh").build());
            assertThat(added.text(), is("added fresh"));

            TestMcpServer.await("the new tool is offered", () -> mcp.tools().stream()
                    .anyMatch(tool -> tool.spec().name().equals("mcp__t__fresh")), Duration.ofSeconds(10));
            assertThat(mcp.call(tool(mcp, "mcp__t__fresh"), Json.object().build()).text(), is("new"));
        }
    }

    @Test
    void anInterruptedCallEndsAtOnceAndTheServerIsToldWhichRequestWasCancelled() throws Exception {
        Path log = TestMcpServer.newLog();
        try (McpServers mcp = start(log, Map.of(), Map.of())) {
            ExternalTool sleep = tool(mcp, "mcp__t__sleep");
            CompletableFuture<Object> outcome = new CompletableFuture<>();
            Thread caller = Thread.ofVirtual().start(() -> {
                try {
                    outcome.complete(mcp.call(sleep, sleep(60_000)));
                } catch (Throwable e) {
                    outcome.complete(e);
                }
            });
            String call = TestMcpServer.awaitLine(log, line -> line.startsWith("call sleep "), Duration.ofSeconds(10));
            String requestId = call.substring("call sleep ".length());
            long start = System.nanoTime();

            caller.interrupt();

            assertThat(outcome.get(5, TimeUnit.SECONDS), instanceOf(InterruptedException.class));
            long ended = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertThat("ended after " + ended + " ms", ended < 2000, is(true));
            String cancelled = TestMcpServer.awaitLine(log, line -> line.startsWith("cancelled "), Duration.ofSeconds(5));
            assertThat(cancelled, containsString("cancelled " + requestId + " "));
            assertThat(mcp.call(tool(mcp, "mcp__t__echo"), Json.object().add("text", "fine").build()).text(), is("fine"));
        }
    }

    @Test
    void aCallOverTheCallTimeoutIsAnErrorAndIsCancelledOnTheServer() throws Exception {
        Path log = TestMcpServer.newLog();
        try (McpServers mcp = start(log, Map.of(), Map.of("agent.mcp.call-timeout-seconds", "0.5"))) {
            ToolOutput output = mcp.call(tool(mcp, "mcp__t__sleep"), sleep(30_000));

            assertThat(output.isError(), is(true));
            assertThat(output.text(), containsString("did not answer within 500 ms"));
            TestMcpServer.awaitLine(log, line -> line.startsWith("cancelled "), Duration.ofSeconds(5));
        }
    }

    @Test
    void theServerGetsItsConfiguredEnvironmentAndWorkingDirectoryAndNothingElseButPathHomeAndLang() throws Exception {
        Path log = TestMcpServer.newLog();
        Path cwd = log.getParent().toRealPath();
        Map<String, String> more = Map.of("agent.mcp.servers.t.cwd", cwd.toString());
        try (McpServers mcp = start(log, Map.of("TEAM_SETTING", "blue"), more)) {
            JsonObject report = Json.parseObject(mcp.call(tool(mcp, "mcp__t__env"), Json.object().build()).text());

            JsonObject env = report.getJsonObject("env");
            assertThat(env.getString("TEAM_SETTING"), is("blue"));
            assertThat(env.getString("PATH"), is(System.getenv("PATH")));
            Set<String> allowed = Set.of("TEAM_SETTING", "MCP_TEST_LOG", "PATH", "HOME", "LANG");
            assertThat(env.keySet().stream().filter(name -> !allowed.contains(name)).toList(), is(List.of()));
            assertThat(report.getString("cwd"), is(cwd.toString()));
        }
    }

    @Test
    void theEnvironmentHoldsOnlyPathHomeLangOfTheServersOwn() {
        Map<String, String> own = Map.of("PATH", "/bin", "HOME", "/home/agent", "LANG", "C.UTF-8",
                "API_KEYS", "k1", "DB_PASSWORD", "secret", "AGENT_API_KEY", "sk-x", "ANTHROPIC_API_KEY", "sk-y");

        Map<String, String> env = StdioTransport.environment(Map.of("TOKEN", "mine", "HOME", "/srv/mcp"), own);

        assertThat(env, is(Map.of("PATH", "/bin", "HOME", "/srv/mcp", "LANG", "C.UTF-8", "TOKEN", "mine")));
    }

    @Test
    void closingStopsTheServerWithItsWholeProcessTree() throws Exception {
        Path log = TestMcpServer.newLog();
        McpServers mcp = start(log, Map.of("MCP_TEST_CHILD", "1"), Map.of());
        long server = TestMcpServer.lastStartedPid(log);
        long child = Long.parseLong(TestMcpServer.awaitLine(log, line -> line.startsWith("child "), Duration.ofSeconds(10))
                .substring("child ".length()).trim());
        assertThat(alive(server) && alive(child), is(true));

        mcp.close();

        TestMcpServer.await("server and child are gone", () -> !alive(server) && !alive(child), Duration.ofSeconds(5));
        assertThat(mcp.health().getJsonObject("t").getString("state"), is("stopped"));
        assertThat(TestMcpServer.lines(log), not(hasItem(containsString("started " + (server + 1)))));
    }
}
