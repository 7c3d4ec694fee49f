package agentchat.process;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import agentchat.agent.claudecode.ClaudeCodeCli;
import agentchat.json.Json;
import agentchat.testing.AnthropicStream;
import agentchat.testing.FakeEvent;
import agentchat.testing.FakeReply;
import agentchat.testing.FakeUpstream;
import agentchat.testing.WsClient;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

/**
 * The claude-code provider in the server as a real process: the CLI it starts sees none of the
 * server's secrets, and SIGTERM stops a running CLI turn within the grace period, storing it as
 * interrupted, with no CLI process left behind.
 */
class ClaudeCodeServerProcessTest {

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

    private Map<String, String> env(FakeUpstream upstream, String command) {
        Map<String, String> env = new HashMap<>();
        env.put("API_KEYS", KEY);
        env.put("DB_URL", "jdbc:h2:file:./data/secrets;MODE=MariaDB;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        env.put("DB_USER", "sa");
        env.put("DB_PASSWORD", DB_PASSWORD);
        env.put("OTHER_SERVICE_TOKEN", OTHER_SECRET);
        env.put("AGENT_PROVIDER", "claude-code");
        env.put("AGENT_BASE_URL", upstream.baseUrl());
        env.put("AGENT_API_KEY", "upstream-key-for-the-cli");
        env.put("AGENT_CLAUDE_CODE_COMMAND", command);
        return env;
    }

    @Test
    void theCliGetsItsKeyAndBaseUrlButNoneOfTheServersSecrets() throws Exception {
        Path envDump = workDir.resolve("cli-env.txt");
        Path wrapper = workDir.resolve("claude-wrapper.sh");
        Files.writeString(wrapper, "#!/bin/sh\nenv > '" + envDump + "'\nexec '" + ClaudeCodeCli.executable() + "' \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));
        String chatId;
        try (FakeUpstream upstream = FakeUpstream.start()) {
            upstream.enqueue(FakeReply.sse(new AnthropicStream().text("All ", "good.").events()));
            try (ServerProcess server = ServerProcess.start(workDir, env(upstream, wrapper.toString()))) {
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

    @Test
    void sigtermMidAnswerStoresTheTurnAsInterruptedAndLeavesNoCliRunning() throws Exception {
        try (FakeUpstream upstream = FakeUpstream.start()) {
            List<FakeEvent> slow = new AnthropicStream().text("one ", "two ", "three ").head().stream()
                    .map(event -> event.delayedBy(Duration.ofMillis(100))).toList();
            upstream.enqueue(FakeReply.sse(slow).thenStall());
            ServerProcess server = ServerProcess.start(workDir, env(upstream, ClaudeCodeCli.executable().toString()));
            try (server) {
                String chatId = createChat(server.base());
                try (WsClient ws = WsClient.open(server.base(), chatId, KEY)) {
                    ws.sendMessage("count").until(event -> event.getString("type").equals("message_delta"));
                    assertThat(cliProcessesIn(workDir).isEmpty(), is(false));
                    Thread.startVirtualThread(() -> {
                        try {
                            server.terminate(Duration.ofSeconds(20));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });

                    List<JsonObject> rest = ws.untilIdle();

                    JsonObject terminal = rest.get(rest.size() - 2);
                    assertThat(terminal.getString("type"), is("message_complete"));
                    assertThat(terminal.getJsonObject("message").getJsonObject("metadata").getString("stopReason"),
                            is("interrupted"));
                    assertThat(terminal.getJsonObject("message").getJsonArray("content").getJsonObject(0)
                            .getString("text"), startsWith("one "));
                    assertThat(ws.awaitClose(), is(1001));
                }
                assertThat(server.terminate(Duration.ofSeconds(20)), anyOf(is(0), is(143)));
            }
            assertThat(cliProcessesIn(workDir), is(empty()));
        }
    }

    /** CLI processes working anywhere below {@code dir} (their working directory is a chat's workspace). */
    private static List<ProcessHandle> cliProcessesIn(Path dir) {
        String cli = ClaudeCodeCli.realExecutable().toString();
        return ProcessHandle.allProcesses()
                .filter(process -> process.info().command().map(cli::equals).orElse(false))
                .filter(process -> {
                    try {
                        return Files.readSymbolicLink(Path.of("/proc", String.valueOf(process.pid()), "cwd"))
                                .startsWith(dir.toRealPath());
                    } catch (java.io.IOException e) {
                        return false;
                    }
                })
                .toList();
    }

    private static String createChat(URI base) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("/api/chats"))
                .header("Authorization", "Bearer " + KEY)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode(), is(201));
        return Json.parseObject(response.body()).getJsonObject("data").getString("id");
    }
}
