package agentchat.process;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import agentchat.agent.claudecode.ClaudeCodeCli;
import agentchat.json.Json;
import agentchat.testing.AnthropicStream;
import agentchat.testing.FakeReply;
import agentchat.testing.FakeUpstream;
import agentchat.testing.WsClient;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.is;

/**
 * The server as a real process with secrets in its environment: the Claude Code CLI it starts (here
 * through a wrapper that records its environment, then runs the real CLI) sees none of them.
 */
class ClaudeCodeSecretsTest {

    private static final String KEY = "secrets-test-key";
    private static final String DB_PASSWORD = "db-password-never-to-leak";
    private static final String OTHER_SECRET = "other-secret-never-to-leak";
    private static final Set<String> ALLOWED = Set.of("PATH", "HOME", "CLAUDE_CONFIG_DIR", "TMPDIR", "LANG",
            "ANTHROPIC_BASE_URL",
            "ANTHROPIC_API_KEY", "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "CLAUDE_CODE_MAX_RETRIES",
            // set by the wrapper's shell itself
            "PWD", "SHLVL", "_");

    @TempDir
    Path workDir;

    @Test
    void theCliGetsItsKeyAndBaseUrlButNoneOfTheServersSecrets() throws Exception {
        Path envDump = workDir.resolve("cli-env.txt");
        Path wrapper = workDir.resolve("claude-wrapper.sh");
        Files.writeString(wrapper, "#!/bin/sh\nenv > '" + envDump + "'\nexec '" + ClaudeCodeCli.executable() + "' \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));
        String chatId;
        try (FakeUpstream upstream = FakeUpstream.start()) {
            upstream.enqueue(FakeReply.sse(new AnthropicStream().text("All ", "good.").events()));
            Map<String, String> env = new HashMap<>();
            env.put("API_KEYS", KEY);
            env.put("DB_URL", "jdbc:h2:file:./data/secrets;MODE=MariaDB;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
            env.put("DB_USER", "sa");
            env.put("DB_PASSWORD", DB_PASSWORD);
            env.put("OTHER_SERVICE_TOKEN", OTHER_SECRET);
            env.put("AGENT_PROVIDER", "claude-code");
            env.put("AGENT_BASE_URL", upstream.baseUrl());
            env.put("AGENT_API_KEY", "upstream-key-for-the-cli");
            env.put("AGENT_CLAUDE_CODE_COMMAND", wrapper.toString());
            try (ServerProcess server = ServerProcess.start(workDir, env)) {
                chatId = createChat(server.base());
                try (WsClient ws = WsClient.open(server.base(), chatId, KEY)) {
                    List<JsonObject> events = ws.sendMessage("hello").untilIdle();
                    assertThat(events.stream().anyMatch(event -> event.getString("type").equals("message_complete")),
                            is(true));
                }
            }
            assertThat(upstream.request(0).header("x-api-key"), is("upstream-key-for-the-cli"));
        }
        Map<String, String> cliEnv = Files.readAllLines(envDump).stream()
                .filter(line -> line.contains("="))
                .collect(Collectors.toMap(line -> line.substring(0, line.indexOf('=')),
                        line -> line.substring(line.indexOf('=') + 1), (a, b) -> a));
        assertThat(cliEnv.keySet().stream().filter(name -> !ALLOWED.contains(name)).toList(), is(empty()));
        assertThat(cliEnv.values().stream().filter(value -> value.contains(KEY) || value.contains(DB_PASSWORD)
                || value.contains(OTHER_SECRET)).toList(), is(empty()));
        assertThat(cliEnv.get("ANTHROPIC_API_KEY"), is("upstream-key-for-the-cli"));
        assertThat(cliEnv.get("HOME"), endsWith("/data/claude-code"));
        assertThat(cliEnv.get("CLAUDE_CONFIG_DIR"), endsWith("/data/claude-code/chats/" + chatId));
    }

    private static String createChat(URI base) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("/api/chats"))
                .header("Authorization", "Bearer " + KEY)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode(), is(201));
        return Json.parseObject(response.body()).getJsonObject("data").getString("id");
    }
}
