package agentchat.mcp;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import agentchat.config.ConfigLoader;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code agent.mcp} from YAML keys and from the {@code {"mcpServers": {...}}} file of AGENT_MCP_CONFIG. */
class McpSettingsTest {

    private static McpSettings load(Map<String, String> env, Map<String, String> keys) {
        return McpSettings.from(ConfigLoader.load(env, keys).get("agent.mcp"));
    }

    private static Path file(String json) throws Exception {
        Path file = Files.createTempFile("mcp-config", ".json");
        Files.writeString(file, json);
        return file;
    }

    @Test
    void noServersAreConfiguredByDefault() {
        McpSettings settings = load(Map.of(), Map.of());
        assertThat(settings.servers(), is(List.of()));
        assertThat(settings.startTimeout(), is(Duration.ofSeconds(10)));
        assertThat(settings.callTimeout(), is(Duration.ofSeconds(120)));
    }

    @Test
    void yamlKeysDescribeStdioAndHttpServers() {
        McpSettings settings = load(Map.of(), Map.of(
                "agent.mcp.servers.files.command", "npx",
                "agent.mcp.servers.files.args.0", "-y",
                "agent.mcp.servers.files.args.1", "@modelcontextprotocol/server-filesystem",
                "agent.mcp.servers.files.env.ROOT", "/srv/docs",
                "agent.mcp.servers.files.cwd", "/srv",
                "agent.mcp.servers.tracker.url", "https://mcp.example.com/mcp",
                "agent.mcp.servers.tracker.headers.Authorization", "Bearer abc"));

        McpServerConfig files = settings.servers().stream().filter(s -> s.name().equals("files")).findFirst().orElseThrow();
        assertThat(files, is(McpServerConfig.stdio("files", "npx", List.of("-y", "@modelcontextprotocol/server-filesystem"),
                Map.of("ROOT", "/srv/docs"), Optional.of(Path.of("/srv")))));
        McpServerConfig tracker = settings.servers().stream().filter(s -> s.name().equals("tracker")).findFirst().orElseThrow();
        assertThat(tracker, is(McpServerConfig.http("tracker", URI.create("https://mcp.example.com/mcp"),
                Map.of("Authorization", "Bearer abc"))));
    }

    @Test
    void theFileNamedByAgentMcpConfigAddsServersAndWinsOnTheSameName() throws Exception {
        Path file = file("""
                {"mcpServers": {
                   "files": {"command": "node", "args": ["server.js", "--root", "/data"], "env": {"A": "1"}, "cwd": "/opt/mcp"},
                   "issues": {"type": "http", "url": "http://127.0.0.1:9000/mcp", "headers": {"X-Token": "t"}}
                }}""");

        McpSettings settings = load(Map.of("AGENT_MCP_CONFIG", file.toString()), Map.of(
                "agent.mcp.servers.files.command", "npx",
                "agent.mcp.servers.other.command", "other-server"));

        assertThat(settings.servers().stream().map(McpServerConfig::name).toList(), is(List.of("files", "other", "issues")));
        assertThat(settings.servers().getFirst(), is(McpServerConfig.stdio("files", "node",
                List.of("server.js", "--root", "/data"), Map.of("A", "1"), Optional.of(Path.of("/opt/mcp")))));
        assertThat(settings.servers().get(2).headers(), is(Map.of("X-Token", "t")));
    }

    @Test
    void aServerWithNeitherCommandNorUrlIsRefused() throws Exception {
        Path file = file("{\"mcpServers\": {\"broken\": {\"args\": [\"x\"]}}}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> load(Map.of("AGENT_MCP_CONFIG", file.toString()), Map.of()));
        assertThat(e.getMessage(), containsString("broken needs either a command (stdio) or a url (HTTP)"));
    }

    @Test
    void theOldSseTransportAnUnreadableFileAndAnotherShapeAreRefusedWithTheReason() throws Exception {
        Path sse = file("{\"mcpServers\": {\"old\": {\"type\": \"sse\", \"url\": \"http://x/sse\"}}}");
        assertThat(assertThrows(IllegalArgumentException.class,
                () -> load(Map.of("AGENT_MCP_CONFIG", sse.toString()), Map.of())).getMessage(),
                containsString("the old HTTP+SSE transport is not supported"));
        assertThat(assertThrows(IllegalArgumentException.class,
                () -> load(Map.of("AGENT_MCP_CONFIG", "/nonexistent/mcp.json"), Map.of())).getMessage(),
                containsString("cannot read the MCP configuration file"));
        Path other = file("{\"servers\": {}}");
        assertThat(assertThrows(IllegalArgumentException.class,
                () -> load(Map.of("AGENT_MCP_CONFIG", other.toString()), Map.of())).getMessage(),
                containsString("expected {\"mcpServers\""));
    }

    @Test
    void aUrlMustBeHttp() {
        assertThat(assertThrows(IllegalArgumentException.class, () -> load(Map.of(),
                Map.of("agent.mcp.servers.x.url", "file:///etc/passwd"))).getMessage(), containsString("http(s) url"));
    }

    @Test
    void namesThatAreTheSameOnceCleanedAreRefused() throws Exception {
        Path file = file("{\"mcpServers\": {\"my server\": {\"command\": \"a\"}, \"my_server\": {\"command\": \"b\"}}}");
        assertThat(assertThrows(IllegalArgumentException.class,
                () -> load(Map.of("AGENT_MCP_CONFIG", file.toString()), Map.of())).getMessage(),
                containsString("must differ after cleaning"));
    }

    @Test
    void logsNeverShowHeadersEnvValuesOrAQuery() {
        McpServerConfig http = McpServerConfig.http("t", URI.create("https://host:8443/mcp?token=secret"),
                Map.of("Authorization", "Bearer secret"));
        assertThat(http.describe(), is("url https://host:8443/mcp"));
        McpServerConfig stdio = McpServerConfig.stdio("s", "server", List.of("--token", "x"), Map.of("TOKEN", "secret"),
                Optional.empty());
        assertThat(stdio.describe(), is("command server"));
    }

    @Test
    void restartDelaysDoubleUpToTheMaximum() {
        McpSettings settings = load(Map.of(), Map.of("agent.mcp.restart-base-delay-ms", "1000",
                "agent.mcp.restart-max-delay-ms", "5000"));
        assertThat(List.of(settings.restartDelay(1), settings.restartDelay(2), settings.restartDelay(3),
                settings.restartDelay(4), settings.restartDelay(40)), is(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(4), Duration.ofSeconds(5), Duration.ofSeconds(5))));
    }
}
