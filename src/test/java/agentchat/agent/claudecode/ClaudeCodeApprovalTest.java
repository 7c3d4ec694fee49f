package agentchat.agent.claudecode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import agentchat.json.Json;
import agentchat.testing.FakeUpstream;
import agentchat.testing.RunningServer;
import agentchat.testing.WsClient;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * The CLI's permission requests under agentchat's approval (AGENT_TOOL_APPROVAL=writes, a 3 s
 * timeout): the user sees tool_approval_request and the answer (or its absence) decides.
 */
class ClaudeCodeApprovalTest {

    private static final FakeUpstream UPSTREAM = FakeUpstream.start();
    private static final Path ROOT = ClaudeCodeTestSupport.tempRoot("claude-code-approval");
    private static RunningServer server;

    @BeforeAll
    static void start() {
        server = ClaudeCodeTestSupport.server(UPSTREAM, ROOT, Map.of(
                "agent.tools.enabled", "Read,Write,Edit,Glob,Grep,Bash",
                "agent.tools.approval", "writes",
                "agent.tools.approval-timeout-seconds", "3"));
    }

    @AfterAll
    static void stop() {
        server.close();
        UPSTREAM.close();
        ClaudeCodeTestSupport.deleteRoot(ROOT);
    }

    private static Path workspace(String chatId) throws Exception {
        return ROOT.toRealPath().resolve("workspaces").resolve(chatId);
    }

    private static String write(Path file, String content) {
        return Json.object().add("file_path", file.toString()).add("content", content).build().toString();
    }

    private static JsonObject answer(String requestId, boolean approved, String message) {
        var frame = Json.object().add("type", "tool_approval_response").add("requestId", requestId)
                .add("approved", approved);
        if (message != null) {
            frame.add("message", message);
        }
        return frame.build();
    }

    @Test
    void anApprovedWriteRuns() throws Exception {
        String chatId = server.api().createChat(ALICE, null);
        Path file = workspace(chatId).resolve("ok.txt");
        UPSTREAM.enqueue(toolCall("toolu_ok", "Write", write(file, "approved")), text("Written."));
        try (WsClient ws = server.socket(chatId, ALICE)) {
            List<JsonObject> before = ws.sendMessage("write ok.txt").until("tool_approval_request");
            JsonObject request = before.getLast();
            assertThat(types(before), hasItem("tool_use"));
            assertThat(request.getString("toolName"), is("Write"));
            assertThat(request.getJsonObject("toolInput").getString("file_path"), is(file.toString()));

            List<JsonObject> rest = ws.send(answer(request.getString("requestId"), true, null)).untilIdle();

            assertThat(ofType(rest, "tool_result").getFirst().getBoolean("isError"), is(false));
            assertThat(stopReason(completed(rest)), is("end_turn"));
        }
        assertThat(Files.readString(file), is("approved"));
    }

    @Test
    void aDeniedWriteIsAnErrorResultCarryingTheUsersMessageAndTheModelGoesOn() throws Exception {
        String chatId = server.api().createChat(ALICE, null);
        Path file = workspace(chatId).resolve("no.txt");
        int first = UPSTREAM.requestCount();
        UPSTREAM.enqueue(toolCall("toolu_no", "Write", write(file, "x")), text("Understood."));
        try (WsClient ws = server.socket(chatId, ALICE)) {
            JsonObject request = ws.sendMessage("write no.txt").until("tool_approval_request").getLast();

            List<JsonObject> rest = ws.send(answer(request.getString("requestId"), false, "use notes.md instead"))
                    .untilIdle();

            JsonObject result = ofType(rest, "tool_result").getFirst();
            assertThat(result.getBoolean("isError"), is(true));
            assertThat(result.getString("output"), containsString("The user denied this tool call: use notes.md instead"));
            JsonObject message = completed(rest);
            assertThat(partTypes(message), contains("tool_use", "tool_result", "text"));
            assertThat(stopReason(message), is("end_turn"));
        }
        assertThat(Files.exists(file), is(false));
        assertThat(UPSTREAM.request(first + 1).body(), containsString("use notes.md instead"));
    }

    @Test
    void anUnansweredRequestIsDeniedWhenTheTimeoutPasses() throws Exception {
        String chatId = server.api().createChat(ALICE, null);
        Path file = workspace(chatId).resolve("late.txt");
        UPSTREAM.enqueue(toolCall("toolu_late", "Write", write(file, "x")), text("No answer, so I stopped."));
        try (WsClient ws = server.socket(chatId, ALICE)) {
            ws.sendMessage("write late.txt").until("tool_approval_request");

            List<JsonObject> rest = ws.untilIdle();

            JsonObject result = ofType(rest, "tool_result").getFirst();
            assertThat(result.getBoolean("isError"), is(true));
            assertThat(result.getString("output"), containsString("No answer within 3 seconds"));
            assertThat(stopReason(completed(rest)), is("end_turn"));
        }
        assertThat(Files.exists(file), is(false));
    }

    @Test
    void aReadInTheWorkspaceIsNotAskedForButEveryCommandIs() throws Exception {
        String chatId = server.api().createChat(ALICE, null);
        Path workspace = workspace(chatId);
        Files.createDirectories(workspace);
        Files.writeString(workspace.resolve("readme.txt"), "hello there");
        UPSTREAM.enqueue(
                toolCall("toolu_read", "Read", Json.object().add("file_path", workspace.resolve("readme.txt").toString())
                        .build().toString()),
                toolCall("toolu_echo", "Bash", Json.object().add("command", "echo harmless")
                        .add("description", "print a word").build().toString()),
                text("Done."));
        try (WsClient ws = server.socket(chatId, ALICE)) {
            List<JsonObject> upToAsk = ws.sendMessage("read, then echo").until("tool_approval_request");

            assertThat(upToAsk.getLast().getString("toolName"), is("Bash"));
            JsonObject read = ofType(upToAsk, "tool_result").getFirst();
            assertThat(read.getString("toolUseId"), is("toolu_read"));
            assertThat(read.getString("output"), containsString("hello there"));

            List<JsonObject> rest = ws.send(answer(upToAsk.getLast().getString("requestId"), true, null)).untilIdle();
            assertThat(ofType(rest, "tool_result").getFirst().getString("output"), containsString("harmless"));
            assertThat(types(rest), not(hasItem("tool_approval_request")));
        }
    }

    @Test
    void aCancelWhileApprovalWaitsEndsTheTurnCancelled() throws Exception {
        String chatId = server.api().createChat(ALICE, null);
        Path file = workspace(chatId).resolve("never.txt");
        UPSTREAM.enqueue(toolCall("toolu_wait", "Write", write(file, "x")));
        try (WsClient ws = server.socket(chatId, ALICE)) {
            ws.sendMessage("write never.txt").until("tool_approval_request");

            JsonObject message = completed(ws.cancel().untilIdle());

            assertThat(stopReason(message), is("cancelled"));
        }
        assertThat(Files.exists(file), is(false));
    }
}
