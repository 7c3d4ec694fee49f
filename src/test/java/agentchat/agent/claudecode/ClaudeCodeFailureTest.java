package agentchat.agent.claudecode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import agentchat.testing.FakeUpstream;
import agentchat.testing.RunningServer;
import agentchat.testing.WsClient;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static agentchat.agent.claudecode.ClaudeCodeTestSupport.endlessText;
import static agentchat.agent.claudecode.ClaudeCodeTestSupport.text;
import static agentchat.live.TurnEvents.completed;
import static agentchat.live.TurnEvents.first;
import static agentchat.live.TurnEvents.ofType;
import static agentchat.live.TurnEvents.stopReason;
import static agentchat.live.TurnEvents.types;
import static agentchat.testing.TestApp.ALICE;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/** A missing, failing or crashing CLI: a clear error event, the partial answer kept, the chat free again. */
class ClaudeCodeFailureTest {

    private static final FakeUpstream UPSTREAM = FakeUpstream.start();
    private static final Path ROOT = ClaudeCodeTestSupport.tempRoot("claude-code-failure");

    @AfterAll
    static void stop() {
        UPSTREAM.close();
        ClaudeCodeTestSupport.deleteRoot(ROOT);
    }

    private static RunningServer serverWith(String command) {
        return ClaudeCodeTestSupport.server(UPSTREAM, ROOT, Map.of("agent.claude-code.command", command));
    }

    private static List<JsonObject> stored(RunningServer server, String chatId) {
        return server.api().get("/api/chats/" + chatId + "/messages", ALICE).json().getJsonArray("data")
                .getValuesAs(JsonObject.class);
    }

    @Test
    void aMissingCliIsAgentNotConfiguredSayingWhatToInstall() {
        try (RunningServer server = serverWith(ROOT.resolve("no-such-dir/claude").toString())) {
            String chatId = server.api().createChat(ALICE, null);
            try (WsClient ws = server.socket(chatId, ALICE)) {
                List<JsonObject> events = ws.sendMessage("hello").untilIdle();

                assertThat(types(events), hasItem("user_message_stored"));
                JsonObject error = first(events, "error");
                assertThat(error.getString("code"), is("AGENT_NOT_CONFIGURED"));
                assertThat(error.getString("error"), containsString("was not found"));
                assertThat(error.getString("error"), containsString("AGENT_CLAUDE_CODE_COMMAND"));
                assertThat(error.getString("messageId"), is(first(events, "message_start").getString("messageId")));
            }
            List<JsonObject> messages = stored(server, chatId);
            assertThat(messages.size(), is(2));
            assertThat(messages.get(1).getJsonObject("metadata").getString("errorCode"), is("AGENT_NOT_CONFIGURED"));
        }
    }

    @Test
    void aCliThatFailsAtOnceIsAnUpstreamErrorWithoutItsStderr() throws Exception {
        Path script = ROOT.resolve("failing-claude.sh");
        Files.writeString(script, "#!/bin/sh\necho 'secret detail on stderr' >&2\necho 'not json'\nexit 3\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (RunningServer server = serverWith(script.toString())) {
            String chatId = server.api().createChat(ALICE, null);
            try (WsClient ws = server.socket(chatId, ALICE)) {
                List<JsonObject> events = ws.sendMessage("hello").untilIdle();

                JsonObject error = first(events, "error");
                assertThat(error.getString("code"), is("UPSTREAM_ERROR"));
                assertThat(error.getString("error"), containsString("exit code 3"));
                assertThat(error.getString("error"), not(containsString("secret detail")));
                assertThat(types(events).getLast(), is("status:idle"));
            }
        }
    }

    @Test
    void theCliCrashingMidAnswerIsAnUpstreamErrorThatKeepsThePartialTextAndFreesTheChat() throws Exception {
        try (RunningServer server = serverWith(ClaudeCodeCli.executable().toString())) {
            String chatId = server.api().createChat(ALICE, null);
            UPSTREAM.enqueue(endlessText(Duration.ofMillis(20), "Half ", "an ", "answer"));
            try (WsClient ws = server.socket(chatId, ALICE)) {
                StringBuilder streamed = new StringBuilder();
                ws.sendMessage("talk").until(event -> event.getString("type").equals("message_delta")
                        && streamed.append(event.getString("delta")).toString().equals("Half an answer"));
                List<ProcessHandle> cli = ClaudeCodeTestSupport.cliProcesses();
                assertThat(cli.size(), is(1));

                cli.getFirst().destroyForcibly();
                List<JsonObject> rest = ws.untilIdle();

                JsonObject error = first(rest, "error");
                assertThat(error.getString("code"), is("UPSTREAM_ERROR"));
                assertThat(error.getString("error"), containsString("killed by signal 9"));
                assertThat(ofType(rest, "message_complete").isEmpty(), is(true));

                UPSTREAM.enqueue(text("Back ", "again."));
                JsonObject next = completed(ws.sendMessage("are you there?").untilIdle());
                assertThat(stopReason(next), is("end_turn"));
            }
            JsonObject partial = stored(server, chatId).get(1);
            assertThat(partial.getJsonArray("content").getJsonObject(0).getString("text"), is("Half an answer"));
            assertThat(partial.getJsonObject("metadata").getString("stopReason"), is("error"));
        }
    }
}
