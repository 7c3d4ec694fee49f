package agentchat.live;

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

import static agentchat.live.ProviderWire.ANTHROPIC;
import static agentchat.live.ProviderWire.input;
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
 * Human approval over real sockets: one server asks for every call (approval=always, long timeout),
 * one asks only for writes and gives up after half a second (approval=writes, timeout 0.5).
 */
class ToolApprovalTest {

    private static final FakeUpstream ALWAYS_UPSTREAM = FakeUpstream.start();
    private static final FakeUpstream WRITES_UPSTREAM = FakeUpstream.start();
    private static RunningServer always;
    private static RunningServer writes;
    private static Path workspaces;

    @BeforeAll
    static void start() throws Exception {
        workspaces = Files.createTempDirectory("agentchat-approval");
        String root = workspaces.toString();
        always = RunningServer.start(LiveTestSupport.appFor(ALWAYS_UPSTREAM, "anthropic", Map.of(
                "agent.tools.approval", "always",
                "agent.tools.approval-timeout-seconds", "30",
                "agent.tools.workspace-root", root)));
        writes = RunningServer.start(LiveTestSupport.appFor(WRITES_UPSTREAM, "anthropic", Map.of(
                "agent.tools.approval", "writes",
                "agent.tools.approval-timeout-seconds", "0.5",
                "agent.tools.workspace-root", root)));
    }

    @AfterAll
    static void stop() {
        always.close();
        writes.close();
        ALWAYS_UPSTREAM.close();
        WRITES_UPSTREAM.close();
    }

    private static JsonObject answer(String requestId, boolean approved, String message) {
        var frame = Json.object().add("type", "tool_approval_response").add("requestId", requestId)
                .add("approved", approved);
        if (message != null) {
            frame.add("message", message);
        }
        return frame.build();
    }

    private static JsonObject awaitRequest(WsClient ws) {
        return ws.until("tool_approval_request").getLast();
    }

    @Test
    void anApprovedCallRuns() throws Exception {
        String chatId = always.api().createChat(ALICE, null);
        JsonObject writeInput = input("path", "ok.txt", "content", "approved");
        ALWAYS_UPSTREAM.enqueue(ANTHROPIC.toolCall("toolu_ok", "Write", writeInput), ANTHROPIC.text("Written."));
        try (WsClient ws = always.socket(chatId, ALICE)) {
            List<JsonObject> before = ws.sendMessage("write ok.txt").until("tool_approval_request");
            JsonObject request = before.getLast();
            assertThat(types(before), hasItem("tool_use"));
            assertThat(request.getString("toolName"), is("Write"));
            assertThat(request.getJsonObject("toolInput"), is(writeInput));
            assertThat(request.getString("requestId").isBlank(), is(false));

            List<JsonObject> rest = ws.send(answer(request.getString("requestId"), true, null)).untilIdle();

            JsonObject result = ofType(rest, "tool_result").getFirst();
            assertThat(result.getBoolean("isError"), is(false));
            assertThat(Files.readString(workspaces.resolve(chatId).resolve("ok.txt")), is("approved"));
            assertThat(stopReason(completed(rest)), is("end_turn"));
        }
    }

    @Test
    void aDeniedCallIsAnErrorResultWithTheUsersMessageAndTheModelContinues() {
        String chatId = always.api().createChat(ALICE, null);
        int first = ALWAYS_UPSTREAM.requestCount();
        ALWAYS_UPSTREAM.enqueue(ANTHROPIC.toolCall("toolu_no", "Write", input("path", "no.txt", "content", "x")),
                ANTHROPIC.text("Understood, I will not."));
        try (WsClient ws = always.socket(chatId, ALICE)) {
            JsonObject request = awaitRequest(ws.sendMessage("write no.txt"));

            List<JsonObject> rest = ws.send(answer(request.getString("requestId"), false, "use notes.txt instead"))
                    .untilIdle();

            JsonObject result = ofType(rest, "tool_result").getFirst();
            assertThat(result.getBoolean("isError"), is(true));
            assertThat(result.getString("output"), containsString("use notes.txt instead"));
            assertThat(Files.exists(workspaces.resolve(chatId).resolve("no.txt")), is(false));
            JsonObject message = completed(rest);
            assertThat(stopReason(message), is("end_turn"));
            assertThat(partTypes(message), contains("tool_use", "tool_result", "text"));
            ProviderWire.Result sentBack = ANTHROPIC.toolResultIn(ALWAYS_UPSTREAM.request(first + 1).json(), "toolu_no");
            assertThat(sentBack.isError(), is(true));
            assertThat(sentBack.content(), containsString("use notes.txt instead"));
        }
    }

    @Test
    void aSocketThatJoinsWhileItWaitsGetsThePendingRequestAndMayAnswerIt() throws Exception {
        String chatId = always.api().createChat(ALICE, null);
        ALWAYS_UPSTREAM.enqueue(ANTHROPIC.toolCall("toolu_late", "Write", input("path", "late.txt", "content", "y")),
                ANTHROPIC.text("Done."));
        try (WsClient first = always.socket(chatId, ALICE)) {
            JsonObject request = awaitRequest(first.sendMessage("write late.txt"));
            try (WsClient late = always.socket(chatId, ALICE)) {
                List<JsonObject> catchUp = late.until("tool_approval_request");
                assertThat(catchUp.getFirst().getString("type"), is("message_start"));
                assertThat(types(catchUp), hasItem("tool_use"));
                assertThat(catchUp.getLast().getString("requestId"), is(request.getString("requestId")));

                late.send(answer(request.getString("requestId"), true, null));

                assertThat(ofType(late.untilIdle(), "tool_result").getFirst().getBoolean("isError"), is(false));
                assertThat(stopReason(completed(first.untilIdle())), is("end_turn"));
            }
        }
        assertThat(Files.readString(workspaces.resolve(chatId).resolve("late.txt")), is("y"));
    }

    @Test
    void cancelWhileWaitingForApprovalEndsTheTurnCancelledAndKeepsTheCall() {
        String chatId = always.api().createChat(ALICE, null);
        ALWAYS_UPSTREAM.enqueue(ANTHROPIC.toolCall("toolu_c", "Write", input("path", "c.txt", "content", "z")));
        try (WsClient ws = always.socket(chatId, ALICE)) {
            awaitRequest(ws.sendMessage("write c.txt"));
            long start = System.nanoTime();

            List<JsonObject> rest = ws.cancel().untilIdle();

            assertThat((System.nanoTime() - start) / 1_000_000 < 3000, is(true));
            JsonObject message = completed(rest);
            assertThat(stopReason(message), is("cancelled"));
            assertThat(partTypes(message), contains("tool_use"));
            assertThat(always.api().get("/api/chats/" + chatId + "/messages", ALICE).json().getJsonArray("data")
                    .getJsonObject(1), is(message));
        }
        assertThat(Files.exists(workspaces.resolve(chatId).resolve("c.txt")), is(false));
    }

    @Test
    void noAnswerInTimeIsADenial() {
        String chatId = writes.api().createChat(ALICE, null);
        WRITES_UPSTREAM.enqueue(ANTHROPIC.toolCall("toolu_t", "Write", input("path", "t.txt", "content", "t")),
                ANTHROPIC.text("No approval came."));
        try (WsClient ws = writes.socket(chatId, ALICE)) {
            List<JsonObject> events = ws.sendMessage("write t.txt").untilIdle();

            assertThat(types(events), hasItem("tool_approval_request"));
            JsonObject result = ofType(events, "tool_result").getFirst();
            assertThat(result.getBoolean("isError"), is(true));
            assertThat(result.getString("output"), containsString("No answer within 500 ms"));
            assertThat(stopReason(completed(events)), is("end_turn"));
        }
        assertThat(Files.exists(workspaces.resolve(chatId).resolve("t.txt")), is(false));
    }

    @Test
    void approvalForWritesDoesNotAskForRead() {
        String chatId = writes.api().createChat(ALICE, null);
        WRITES_UPSTREAM.enqueue(ANTHROPIC.toolCall("toolu_r", "Read", input("path", "missing.txt")),
                ANTHROPIC.text("Nothing there."));
        try (WsClient ws = writes.socket(chatId, ALICE)) {
            List<JsonObject> events = ws.sendMessage("read missing.txt").untilIdle();

            assertThat(types(events), not(hasItem("tool_approval_request")));
            JsonObject result = ofType(events, "tool_result").getFirst();
            assertThat(result.getString("output"), not(containsString("denied")));
            assertThat(stopReason(completed(events)), is("end_turn"));
        }
    }
}
