package agentchat.agent.claudecode;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import agentchat.json.Json;
import agentchat.testing.FakeUpstream;
import agentchat.testing.RecordedRequest;
import agentchat.testing.RunningServer;
import agentchat.testing.WsClient;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static agentchat.agent.claudecode.ClaudeCodeTestSupport.UPSTREAM_KEY;
import static agentchat.agent.claudecode.ClaudeCodeTestSupport.text;
import static agentchat.agent.claudecode.ClaudeCodeTestSupport.toolCall;
import static agentchat.live.TurnEvents.completed;
import static agentchat.live.TurnEvents.ofType;
import static agentchat.live.TurnEvents.partTypes;
import static agentchat.live.TurnEvents.stopReason;
import static agentchat.live.TurnEvents.types;
import static agentchat.testing.TestApp.ALICE;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/**
 * The claude-code provider end to end: a real server, real sockets, the real CLI (pinned version)
 * against the fake Anthropic upstream. Answers, tool calls, sessions and images.
 */
class ClaudeCodeChatTest {

    private static final FakeUpstream UPSTREAM = FakeUpstream.start();
    private static final Path ROOT = ClaudeCodeTestSupport.tempRoot("claude-code-chat");
    private static RunningServer server;

    @BeforeAll
    static void start() {
        server = ClaudeCodeTestSupport.server(UPSTREAM, ROOT, Map.of("agent.tools.enabled", "Read,Write,Edit,Glob,Grep"));
    }

    @AfterAll
    static void stop() {
        server.close();
        UPSTREAM.close();
        ClaudeCodeTestSupport.deleteRoot(ROOT);
    }

    private static JsonObject chat(String chatId) {
        return server.api().get("/api/chats/" + chatId, ALICE).data();
    }

    private static List<JsonObject> storedMessages(String chatId) {
        return server.api().get("/api/chats/" + chatId + "/messages", ALICE).json().getJsonArray("data")
                .getValuesAs(JsonObject.class);
    }

    @Test
    void aStreamedAnswerArrivesAsDeltasAndIsStoredWithTheCliCostTokensAndSession() {
        String chatId = server.api().createChat(ALICE, null);
        int first = UPSTREAM.requestCount();
        UPSTREAM.enqueue(text("Hello", " from", " Claude Code"));
        try (WsClient ws = server.socket(chatId, ALICE)) {
            List<JsonObject> events = ws.sendMessage("say hello").untilIdle();

            assertThat(types(events), hasItem("message_start"));
            assertThat(ofType(events, "message_delta").size(), is(3));
            assertThat(WsClient.text(events), is("Hello from Claude Code"));
            JsonObject message = completed(events);
            assertThat(stopReason(message), is("end_turn"));
            JsonObject metadata = message.getJsonObject("metadata");
            assertThat(metadata.getJsonNumber("totalCostUsd").doubleValue(), greaterThan(0.0));
            assertThat(metadata.getJsonNumber("inputTokens").longValue(), is(25L));
            assertThat(metadata.getJsonNumber("outputTokens").longValue(), is(15L));
            assertThat(metadata.getString("model"), startsWith("claude-sonnet-4-5"));
            assertThat(metadata.containsKey("sessionResumed"), is(false));
        }
        RecordedRequest request = UPSTREAM.request(first);
        assertThat(request.path(), startsWith("/v1/messages"));
        assertThat(request.header("x-api-key"), is(UPSTREAM_KEY));
        assertThat(request.header("user-agent"), startsWith("claude-cli/" + ClaudeCodeSettings.TESTED_VERSION));
        assertThat(request.json().getString("model"), is("claude-sonnet-4-5"));
        assertThat(request.body(), containsString("say hello"));
        assertThat(chat(chatId).getString("sessionId"), matchesPattern("[0-9a-f-]{36}"));
        List<JsonObject> stored = storedMessages(chatId);
        assertThat(stored.size(), is(2));
        assertThat(stored.get(1).getJsonArray("content").getJsonObject(0).getString("text"), is("Hello from Claude Code"));
    }

    @Test
    void aToolCallAndItsResultArriveInOrderAndTheFileIsWrittenInTheChatsWorkspaceWithoutAsking() throws Exception {
        String chatId = server.api().createChat(ALICE, null);
        Path workspace = ROOT.toRealPath().resolve("workspaces").resolve(chatId);
        String target = workspace.resolve("notes.txt").toString();
        int first = UPSTREAM.requestCount();
        UPSTREAM.enqueue(toolCall("toolu_write1", "Write",
                        Json.object().add("file_path", target).add("content", "written by the CLI").build().toString()),
                text("I wrote ", "notes.txt."));
        try (WsClient ws = server.socket(chatId, ALICE)) {
            List<JsonObject> events = ws.sendMessage("write notes.txt").untilIdle();

            List<String> order = types(events).stream()
                    .filter(type -> type.equals("tool_use") || type.equals("tool_result") || type.equals("message_delta"))
                    .distinct().toList();
            assertThat(order, contains("tool_use", "tool_result", "message_delta"));
            JsonObject use = ofType(events, "tool_use").getFirst();
            assertThat(use.getString("toolUseId"), is("toolu_write1"));
            assertThat(use.getString("toolName"), is("Write"));
            JsonObject result = ofType(events, "tool_result").getFirst();
            assertThat(result.getString("toolUseId"), is("toolu_write1"));
            assertThat(result.getBoolean("isError"), is(false));
            assertThat(types(events), hasItem("status:tool_use"));
            assertThat("approval is off", types(events), not(hasItem("tool_approval_request")));
            JsonObject message = completed(events);
            assertThat(partTypes(message), contains("tool_use", "tool_result", "text"));
            assertThat(stopReason(message), is("end_turn"));
        }
        assertThat(Files.readString(workspace.resolve("notes.txt")), is("written by the CLI"));
        // the CLI sent the tool's result back upstream with the next model call
        assertThat(UPSTREAM.request(first + 1).body(), containsString("toolu_write1"));
        assertThat(partTypes(storedMessages(chatId).get(1)), contains("tool_use", "tool_result", "text"));
    }

    @Test
    void theSecondTurnResumesTheSessionAndTheUpstreamSeesTheEarlierTurn() {
        String chatId = server.api().createChat(ALICE, null);
        UPSTREAM.enqueue(text("Noted: ", "forty-two."), text("It was ", "forty-two."));
        try (WsClient ws = server.socket(chatId, ALICE)) {
            ws.sendMessage("remember the number 42").untilIdle();
            String session = chat(chatId).getString("sessionId");
            int second = UPSTREAM.requestCount();

            JsonObject message = completed(ws.sendMessage("which number?").untilIdle());

            assertThat(message.getJsonObject("metadata").getBoolean("sessionResumed"), is(true));
            assertThat(chat(chatId).getString("sessionId"), is(session));
            String body = UPSTREAM.request(second).body();
            assertThat(body, containsString("remember the number 42"));
            assertThat(body, containsString("Noted: forty-two."));
            assertThat(body, containsString("which number?"));
            assertThat(UPSTREAM.request(second).header("x-claude-code-session-id"), is(session));
        }
    }

    @Test
    void whenTheSessionIsGoneANewOneIsStartedWithTheStoredConversationAndTheMessageSaysSo() throws Exception {
        String chatId = server.api().createChat(ALICE, null);
        UPSTREAM.enqueue(text("Blue ", "it is."), text("You said ", "blue."), text("Still ", "blue."));
        try (WsClient ws = server.socket(chatId, ALICE)) {
            ws.sendMessage("my colour is blue").untilIdle();
            String lost = chat(chatId).getString("sessionId");
            // as on another machine: this home has never seen the session
            deleteSessionFiles(ROOT.resolve("home").resolve("chats").resolve(chatId), lost);
            int second = UPSTREAM.requestCount();

            JsonObject message = completed(ws.sendMessage("what is my colour?").untilIdle());

            assertThat(stopReason(message), is("end_turn"));
            assertThat(message.getJsonObject("metadata").getBoolean("sessionResumed"), is(false));
            String fresh = chat(chatId).getString("sessionId");
            assertThat(fresh, not(lost));
            String body = UPSTREAM.request(second).body();
            assertThat(body, containsString("my colour is blue"));
            assertThat(body, containsString("Blue it is."));
            assertThat(body, containsString("what is my colour?"));

            JsonObject third = completed(ws.sendMessage("and now?").untilIdle());
            assertThat(third.getJsonObject("metadata").getBoolean("sessionResumed"), is(true));
            assertThat(chat(chatId).getString("sessionId"), is(fresh));
        }
        assertThat(storedMessages(chatId).get(3).getJsonObject("metadata").getBoolean("sessionResumed"), is(false));
    }

    @Test
    void deletingTheChatDeletesItsClaudeCodeSessions() throws Exception {
        String chatId = server.api().createChat(ALICE, null);
        UPSTREAM.enqueue(text("Something ", "private."));
        try (WsClient ws = server.socket(chatId, ALICE)) {
            ws.sendMessage("a secret plan").untilIdle();
        }
        Path chatHome = ROOT.resolve("home").resolve("chats").resolve(chatId);
        try (var files = Files.walk(chatHome)) {
            assertThat(files.anyMatch(file -> file.toString().endsWith(".jsonl")), is(true));
        }

        assertThat(server.api().delete("/api/chats/" + chatId, ALICE).status(), is(204));

        assertThat(Files.exists(chatHome), is(false));
    }

    @Test
    void anImageReachesTheModelAsAnImageBlock() throws Exception {
        String chatId = server.api().createChat(ALICE, null);
        String png = Base64.getEncoder().encodeToString(redPixelPng());
        int first = UPSTREAM.requestCount();
        UPSTREAM.enqueue(text("A red ", "pixel."));
        try (WsClient ws = server.socket(chatId, ALICE)) {
            JsonObject frame = Json.object().add("type", "send_message").add("content", Json.array()
                    .add(Json.object().add("type", "text").add("text", "what is this?"))
                    .add(Json.object().add("type", "image").add("mimeType", "image/png").add("imageData", png)))
                    .build();
            JsonObject message = completed(ws.send(frame).untilIdle());
            assertThat(stopReason(message), is("end_turn"));
        }
        JsonObject image = imageBlockIn(UPSTREAM.request(first).json());
        assertThat(image.getJsonObject("source").getString("media_type"), is("image/png"));
        assertThat(image.getJsonObject("source").getString("data"), is(png));
    }

    @Test
    void anUpstreamThatRefusesTheKeyEndsTheTurnWithUpstreamAuth() {
        String chatId = server.api().createChat(ALICE, null);
        UPSTREAM.enqueue(agentchat.testing.FakeReply.json(401,
                agentchat.testing.AnthropicStream.errorBody("authentication_error", "invalid x-api-key")));
        try (WsClient ws = server.socket(chatId, ALICE)) {
            List<JsonObject> events = ws.sendMessage("hello?").untilIdle();
            JsonObject error = ofType(events, "error").getFirst();
            assertThat(error.getString("code"), is("UPSTREAM_AUTH"));
            assertThat(error.containsKey("messageId"), is(true));
            assertThat(types(events).getLast(), is("status:idle"));
        }
        assertThat(storedMessages(chatId).size(), is(2));
        assertThat(ClaudeCodeTestSupport.cliProcesses().size(), lessThan(1));
    }

    private static byte[] redPixelPng() throws Exception {
        BufferedImage pixel = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        pixel.setRGB(0, 0, 0xFF0000);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(pixel, "png", png);
        return png.toByteArray();
    }

    private static JsonObject imageBlockIn(JsonObject body) {
        for (JsonObject message : body.getJsonArray("messages").getValuesAs(JsonObject.class)) {
            if (message.get("content") instanceof jakarta.json.JsonArray blocks) {
                for (JsonObject block : blocks.getValuesAs(JsonObject.class)) {
                    if (block.getString("type").equals("image")) {
                        return block;
                    }
                }
            }
        }
        throw new AssertionError("no image block in " + body);
    }

    private static void deleteSessionFiles(Path chatHome, String sessionId) throws Exception {
        try (var files = Files.walk(chatHome.resolve("projects"))) {
            List<Path> matches = files.filter(file -> file.getFileName().toString().startsWith(sessionId)).toList();
            assertThat("session files of " + sessionId, matches.isEmpty(), is(false));
            matches.forEach(ClaudeCodeTestSupport::deleteRoot);
        }
    }
}
