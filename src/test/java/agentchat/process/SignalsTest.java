package agentchat.process;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.HashMap;

import agentchat.json.Json;
import agentchat.testing.AnthropicStream;
import agentchat.testing.FakeEvent;
import agentchat.testing.FakeReply;
import agentchat.testing.FakeUpstream;
import agentchat.testing.TestDatabase;
import agentchat.testing.WsClient;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

/** SIGTERM and SIGKILL in the middle of a streamed answer, on the server as a real process. */
class SignalsTest {

    private static final String KEY = "signals-key";
    private static final FakeUpstream UPSTREAM = FakeUpstream.start();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path workDir;

    @AfterAll
    static void stopUpstream() {
        UPSTREAM.close();
    }

    private Map<String, String> env(TestDatabase.Target database) {
        Map<String, String> env = new HashMap<>();
        env.put("API_KEYS", KEY);
        env.put("DB_URL", database.url().replace("jdbc:h2:mem:", "jdbc:h2:file:./data/"));
        env.put("DB_USER", database.user());
        env.put("DB_PASSWORD", database.password());
        env.put("AGENT_PROVIDER", "anthropic");
        env.put("AGENT_BASE_URL", UPSTREAM.baseUrl());
        env.put("AGENT_API_KEY", "upstream-key");
        return env;
    }

    /** Deltas every 100 ms, then a stall: the answer is mid-stream when the signal comes. */
    private static FakeReply endlessAnswer() {
        List<FakeEvent> events = new AnthropicStream().text("one ", "two ", "three ", "four ").head().stream()
                .map(event -> event.delayedBy(Duration.ofMillis(100))).toList();
        return FakeReply.sse(events).thenStall();
    }

    @Test
    void sigtermMidStreamStoresThePartialAnswerClosesSocketsWith1001AndExits() throws Exception {
        TestDatabase.Target database = TestDatabase.fresh();
        UPSTREAM.enqueue(endlessAnswer());
        String chatId;
        int exit;
        ServerProcess server = ServerProcess.start(workDir, env(database));
        try (server) {
            chatId = server.createChat(KEY);
            try (WsClient ws = WsClient.open(server.base(), chatId, KEY)) {
                ws.sendMessage("count").until(event -> event.getString("type").equals("message_delta"));
                long start = System.nanoTime();
                Thread.startVirtualThread(() -> {
                    try {
                        Thread.sleep(200);
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
                assertThat(ws.awaitClose(), is(1001));
                assertThat("shutdown took too long", (System.nanoTime() - start) / 1_000_000_000 < 15, is(true));
            }
            exit = server.terminate(Duration.ofSeconds(20));
        }
        assertThat(exit, anyOf(is(0), is(143)));
        String log = java.nio.file.Files.readString(workDir.resolve(server.log().getFileName()));
        assertThat("the key must never be logged", log.contains(KEY), is(false));
        assertThat("the upstream key must never be logged", log.contains("upstream-key"), is(false));
        try (ServerProcess again = ServerProcess.start(workDir, env(database))) {
            JsonArray messages = messages(again.base(), chatId);
            assertThat(messages.size(), is(2));
            assertThat(messages.getJsonObject(1).getJsonArray("content").getJsonObject(0).getString("text"),
                    startsWith("one "));
        }
    }

    @Test
    void sigkillMidStreamLeavesAnInterruptedMessageAfterRestart() throws Exception {
        TestDatabase.Target database = TestDatabase.fresh();
        UPSTREAM.enqueue(endlessAnswer());
        String chatId;
        try (ServerProcess server = ServerProcess.start(workDir, env(database))) {
            chatId = server.createChat(KEY);
            try (WsClient ws = WsClient.open(server.base(), chatId, KEY)) {
                ws.sendMessage("count").until(event -> event.getString("type").equals("message_delta"));
                Thread.sleep(1800);
                server.kill();
            }
        }
        try (ServerProcess again = ServerProcess.start(workDir, env(database))) {
            JsonArray messages = messages(again.base(), chatId);
            assertThat(messages.size(), is(2));
            JsonObject assistant = messages.getJsonObject(1);
            assertThat(assistant.getJsonObject("metadata").getString("stopReason"), is("interrupted"));
            assertThat(assistant.getJsonArray("content").getJsonObject(0).getString("text"), startsWith("one "));
        }
    }

    private JsonArray messages(URI base, String chatId) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/api/chats/" + chatId + "/messages"))
                .header("Authorization", "Bearer " + KEY).build(), HttpResponse.BodyHandlers.ofString());
        return Json.parseObject(response.body()).getJsonArray("data");
    }
}
