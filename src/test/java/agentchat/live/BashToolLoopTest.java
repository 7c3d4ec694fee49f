package agentchat.live;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

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
import static agentchat.testing.TestApp.ALICE;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

/** Bash, enabled in configuration, through the running server: it runs in the workspace and cancel kills it. */
class BashToolLoopTest {

    private static final FakeUpstream UPSTREAM = FakeUpstream.start();
    private static RunningServer server;
    private static Path workspaces;

    @BeforeAll
    static void start() throws Exception {
        workspaces = Files.createTempDirectory("agentchat-bash").toRealPath();
        server = RunningServer.start(LiveTestSupport.appFor(UPSTREAM, "anthropic", Map.of(
                "agent.tools.enabled", "Read,Write,Bash",
                "agent.tools.workspace-root", workspaces.toString())));
    }

    @AfterAll
    static void stop() {
        server.close();
        UPSTREAM.close();
    }

    @Test
    void bashIsOfferedAndRunsInTheChatsWorkspace() throws Exception {
        String chatId = server.api().createChat(ALICE, null);
        int first = UPSTREAM.requestCount();
        UPSTREAM.enqueue(ANTHROPIC.toolCall("toolu_sh", "Bash", input("command", "pwd && echo made > made.txt")),
                ANTHROPIC.text("Ran it."));
        List<JsonObject> events;
        try (WsClient ws = server.socket(chatId, ALICE)) {
            events = ws.sendMessage("run pwd").untilIdle();
        }

        assertThat(UPSTREAM.request(first).json().getJsonArray("tools").toString(), containsString("\"Bash\""));
        JsonObject result = ofType(events, "tool_result").getFirst();
        assertThat(result.getBoolean("isError"), is(false));
        assertThat(result.getString("output"), containsString(workspaces.resolve(chatId).toString()));
        assertThat(result.getString("output"), containsString("[exit code 0]"));
        assertThat(Files.readString(workspaces.resolve(chatId).resolve("made.txt")), is("made\n"));
    }

    @Test
    void cancelDuringALongCommandEndsTheTurnCancelledAndKillsTheProcess() throws Exception {
        String marker = "300." + ThreadLocalRandom.current().nextInt(100_000, 999_999);
        String chatId = server.api().createChat(ALICE, null);
        UPSTREAM.enqueue(ANTHROPIC.toolCall("toolu_sleep", "Bash", input("command", "sleep " + marker + "; echo never")));
        try (WsClient ws = server.socket(chatId, ALICE)) {
            ws.sendMessage("wait a long time").until(event -> event.getString("type").equals("status")
                    && event.getString("status").equals("tool_use"));
            awaitProcesses(marker, true, Duration.ofSeconds(10));
            long start = System.nanoTime();

            List<JsonObject> rest = ws.cancel().untilIdle();

            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(tookMs, lessThan(5000L));
            JsonObject message = completed(rest);
            assertThat(stopReason(message), is("cancelled"));
            assertThat(partTypes(message), contains("tool_use"));
            assertThat(server.api().get("/api/chats/" + chatId + "/messages", ALICE).json().getJsonArray("data")
                    .getJsonObject(1), is(message));
        }
        awaitProcesses(marker, false, Duration.ofSeconds(5));
    }

    /** Waits until some live process carries {@code marker} in its command line (the shell, sleep), or none does. */
    private static void awaitProcesses(String marker, boolean running, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long found;
        while ((found = processesWith(marker)) > 0 != running) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(found + " processes with " + marker + (running ? ", expected some" : ", expected none"));
            }
            Thread.sleep(50);
        }
    }

    private static long processesWith(String marker) {
        return ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .filter(process -> process.info().commandLine().map(line -> line.contains(marker)).orElse(false))
                .count();
    }
}
