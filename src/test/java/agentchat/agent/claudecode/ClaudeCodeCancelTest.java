package agentchat.agent.claudecode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

import static agentchat.agent.claudecode.ClaudeCodeTestSupport.endlessText;
import static agentchat.agent.claudecode.ClaudeCodeTestSupport.text;
import static agentchat.agent.claudecode.ClaudeCodeTestSupport.toolCall;
import static agentchat.live.TurnEvents.completed;
import static agentchat.live.TurnEvents.ofType;
import static agentchat.live.TurnEvents.partTypes;
import static agentchat.live.TurnEvents.stopReason;
import static agentchat.live.TurnEvents.types;
import static agentchat.testing.TestApp.ALICE;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

/** Cancel of a claude-code turn: mid-answer and mid-tool, the partial answer kept, no CLI process left. */
class ClaudeCodeCancelTest {

    private static final System.Logger LOG = System.getLogger(ClaudeCodeCancelTest.class.getName());
    private static final FakeUpstream UPSTREAM = FakeUpstream.start();
    private static final Path ROOT = ClaudeCodeTestSupport.tempRoot("claude-code-cancel");
    private static RunningServer server;

    @BeforeAll
    static void start() {
        server = ClaudeCodeTestSupport.server(UPSTREAM, ROOT,
                Map.of("agent.tools.enabled", "Read,Write,Edit,Glob,Grep,Bash"));
    }

    @AfterAll
    static void stop() {
        server.close();
        UPSTREAM.close();
        ClaudeCodeTestSupport.deleteRoot(ROOT);
    }

    @Test
    void cancelMidAnswerKeepsThePartialTextAndEndsTheCli() throws Exception {
        String chatId = server.api().createChat(ALICE, null);
        UPSTREAM.enqueue(endlessText(Duration.ofMillis(50), "Once ", "upon ", "a time"));
        try (WsClient ws = server.socket(chatId, ALICE)) {
            StringBuilder streamed = new StringBuilder();
            ws.sendMessage("tell a long story").until(event -> event.getString("type").equals("message_delta")
                    && streamed.append(event.getString("delta")).toString().equals("Once upon a time"));
            long cancelAt = System.nanoTime();
            List<JsonObject> rest = ws.cancel().untilIdle();
            LOG.log(System.Logger.Level.INFO, "cancel -> message_complete: {0} ms", (System.nanoTime() - cancelAt) / 1_000_000);

            JsonObject message = completed(rest);
            assertThat(stopReason(message), is("cancelled"));
            assertThat(message.getJsonArray("content").getJsonObject(0).getString("text"), is("Once upon a time"));
        }
        assertThat(ClaudeCodeTestSupport.awaitNoCliProcess(Duration.ofSeconds(5)), is(true));
        List<JsonObject> stored = server.api().get("/api/chats/" + chatId + "/messages", ALICE).json()
                .getJsonArray("data").getValuesAs(JsonObject.class);
        assertThat(stored.get(1).getJsonArray("content").getJsonObject(0).getString("text"), is("Once upon a time"));
        assertThat(stored.get(1).getJsonObject("metadata").getString("stopReason"), is("cancelled"));
    }

    @Test
    void cancelMidToolStopsTheCommandAndTheNextTurnWorks() throws Exception {
        String chatId = server.api().createChat(ALICE, null);
        Path workspace = ROOT.toRealPath().resolve("workspaces").resolve(chatId);
        String marker = "slow-" + System.nanoTime();
        String command = "sleep 4.25 && touch " + marker;
        UPSTREAM.enqueue(toolCall("toolu_slow", "Bash", Json.object().add("command", command)
                .add("description", "wait, then leave a marker").build().toString()));
        try (WsClient ws = server.socket(chatId, ALICE)) {
            ws.sendMessage("run the slow command").until("tool_use");
            awaitProcessRunning(command);

            List<JsonObject> rest = ws.cancel().untilIdle();

            JsonObject message = completed(rest);
            assertThat(stopReason(message), is("cancelled"));
            assertThat(partTypes(message).getFirst(), is("tool_use"));
            assertThat(ClaudeCodeTestSupport.awaitNoCliProcess(Duration.ofSeconds(5)), is(true));
            assertThat("the command is gone", awaitNoProcess(command, Duration.ofSeconds(5)), is(true));

            UPSTREAM.enqueue(text("Stopped, ", "as asked."));
            JsonObject next = completed(ws.sendMessage("thanks").untilIdle());
            assertThat(stopReason(next), is("end_turn"));
        }
        Thread.sleep(4_500);
        assertThat(Files.exists(workspace.resolve(marker)), is(false));
    }

    @Test
    void aCancelWhileTheModelIsSilentEndsTheTurnCancelled() throws Exception {
        String chatId = server.api().createChat(ALICE, null);
        int request = UPSTREAM.requestCount();
        UPSTREAM.enqueue(endlessText(Duration.ofSeconds(5), "never"));
        try (WsClient ws = server.socket(chatId, ALICE)) {
            List<JsonObject> events = ws.sendMessage("hello").until("message_start");
            assertThat(types(events), hasItem("message_start"));
            UPSTREAM.awaitRequest(request, Duration.ofSeconds(10));
            List<JsonObject> rest = ws.cancel().untilIdle();
            JsonObject message = completed(rest);
            assertThat(stopReason(message), is("cancelled"));
            assertThat(ofType(rest, "error").isEmpty(), is(true));
            assertThat(message.getJsonObject("metadata").getString("model"), startsWith("claude-sonnet-4-5"));
        }
    }

    private static void awaitProcessRunning(String commandLine) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (processesRunning(commandLine).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no process runs " + commandLine);
            }
            Thread.sleep(20);
        }
    }

    private static boolean awaitNoProcess(String commandLine, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!processesRunning(commandLine).isEmpty()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    /** Every process on the machine whose command line names the command (the CLI runs it through a shell). */
    private static List<ProcessHandle> processesRunning(String commandLine) {
        return ProcessHandle.allProcesses()
                .filter(process -> process.info().commandLine().map(line -> line.contains("sleep 4.25")
                        && line.contains(commandLine.substring(commandLine.indexOf("slow-")))).orElse(false))
                .toList();
    }
}
