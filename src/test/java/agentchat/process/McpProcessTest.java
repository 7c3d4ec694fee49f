package agentchat.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import agentchat.json.Json;
import agentchat.testing.AnthropicStream;
import agentchat.testing.FakeReply;
import agentchat.testing.FakeUpstream;
import agentchat.testing.TestMcpServer;
import agentchat.testing.WsClient;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;

/**
 * The server as a real process with secrets in its environment and an MCP server from AGENT_MCP_CONFIG: the MCP
 * server gets its configured variables and none of the secrets, and SIGTERM stops it with its process tree.
 */
class McpProcessTest {

    private static final String KEY = "mcp-process-key";
    private static final List<String> SECRETS = List.of(KEY, "db-secret-password", "sk-agent-secret", "sk-ant-secret");
    private static final FakeUpstream UPSTREAM = FakeUpstream.start();

    @TempDir
    Path workDir;

    @AfterAll
    static void stopUpstream() {
        UPSTREAM.close();
    }

    @Test
    void theMcpServerGetsItsConfiguredEnvironmentButNoSecretAndSigtermStopsItsWholeTree() throws Exception {
        Path log = workDir.resolve("mcp.log");
        Files.writeString(log, "");
        Path config = workDir.resolve("mcp.json");
        Files.writeString(config, Json.write(Json.object().add("mcpServers", Json.object().add("kit", Json.object()
                .add("command", "node")
                .add("args", Json.array().add(TestMcpServer.SCRIPT.toString()))
                .add("env", Json.object().add("MCP_TEST_LOG", log.toString()).add("MCP_TEST_CHILD", "1")
                        .add("TEAM", "blue")))).build()));
        Map<String, String> env = new HashMap<>();
        env.put("API_KEYS", "alice=" + KEY);
        env.put("DB_PASSWORD", "db-secret-password");
        env.put("AGENT_PROVIDER", "anthropic");
        env.put("AGENT_BASE_URL", UPSTREAM.baseUrl());
        env.put("AGENT_API_KEY", "sk-agent-secret");
        env.put("ANTHROPIC_API_KEY", "sk-ant-secret");
        env.put("AGENT_MCP_CONFIG", config.toString());
        UPSTREAM.enqueue(FakeReply.sse(new AnthropicStream().toolUse("toolu_env", "mcp__kit__env", "{}").events()),
                FakeReply.sse(new AnthropicStream().text("Seen.").events()));

        ServerProcess server = ServerProcess.start(workDir, env);
        long mcpPid;
        long childPid;
        try (server) {
            mcpPid = TestMcpServer.lastStartedPid(log);
            childPid = Long.parseLong(TestMcpServer.awaitLine(log, line -> line.startsWith("child "), Duration.ofSeconds(10))
                    .substring("child ".length()).trim());
            String chatId = server.createChat(KEY);
            JsonObject result;
            try (WsClient ws = WsClient.open(server.base(), chatId, KEY)) {
                result = ws.sendMessage("what is your environment?").untilIdle().stream()
                        .filter(event -> event.getString("type").equals("tool_result")).findFirst().orElseThrow();
            }
            assertThat(result.getBoolean("isError"), is(false));
            JsonObject childEnv = Json.parseObject(result.getString("output")).getJsonObject("env");
            assertThat(childEnv.getString("TEAM"), is("blue"));
            assertThat(childEnv.keySet(), not(hasItem("API_KEYS")));
            assertThat(childEnv.keySet(), not(hasItem("DB_PASSWORD")));
            assertThat(childEnv.keySet(), not(hasItem("AGENT_API_KEY")));
            assertThat(childEnv.keySet(), not(hasItem("AGENT_MCP_CONFIG")));
            List<String> leaked = childEnv.values().stream().map(value -> ((JsonString) value).getString())
                    .filter(value -> SECRETS.stream().anyMatch(value::contains)).toList();
            assertThat(leaked, is(empty()));

            server.terminate(Duration.ofSeconds(20));
        }
        TestMcpServer.await("the MCP server and its child are gone", () -> !alive(mcpPid) && !alive(childPid),
                Duration.ofSeconds(5));
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
