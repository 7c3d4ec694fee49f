package agentchat.agent.claudecode;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import agentchat.json.Json;
import agentchat.messages.Message;
import agentchat.messages.MessageContent;
import agentchat.messages.MessageMetadata;
import agentchat.messages.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/** When a session may be resumed (SessionLedger), and what a new session is told instead (Transcript). */
class SessionFallbackTest {

    private static final String SESSION = "0a9b3c18-478f-4b2d-8e28-076c48bbb2d3";

    @TempDir
    Path home;

    private static Message message(Role role, MessageContent... parts) {
        return new Message(UUID.randomUUID().toString(), "chat", role, List.of(parts), Instant.now(), MessageMetadata.EMPTY);
    }

    private static Message user(String text) {
        return message(Role.USER, new MessageContent.Text(text));
    }

    private static Message assistant(String text) {
        return message(Role.ASSISTANT, new MessageContent.Text(text));
    }

    @Test
    void aSessionResumesWhenTheChatHoldsWhatItSawPlusItsAnswer() {
        SessionLedger ledger = new SessionLedger(home);
        Message first = user("one");
        Message answer = assistant("1");
        ledger.record(SESSION, List.of(first));

        assertThat(ledger.matches(SESSION, List.of(first, answer)), is(true));
    }

    @Test
    void aSessionDoesNotResumeAfterItsLastAnswerWasReplacedOrTheChatWasEdited() {
        SessionLedger ledger = new SessionLedger(home);
        Message first = user("one");
        Message answer = assistant("1");
        Message second = user("two");
        ledger.record(SESSION, List.of(first, answer, second));

        // regenerate: the answer to "two" was deleted, "two" runs again
        assertThat(ledger.matches(SESSION, List.of(first, answer)), is(false));
        // edit of "one": everything after it was deleted
        assertThat(ledger.matches(SESSION, List.of()), is(false));
        // messages the session never saw
        assertThat(ledger.matches(SESSION, List.of(first, answer, user("other"), assistant("x"))), is(false));
    }

    @Test
    void aSessionUnknownToTheLedgerIsTriedAndOnlyUuidsAreSessions() {
        assertThat(new SessionLedger(home).matches(SESSION, List.of(user("x"), assistant("y"))), is(true));
        assertThat(SessionLedger.isSessionId(SESSION), is(true));
        assertThat(SessionLedger.isSessionId("msg_01XFDUDYJgAACzvnptvVoYEL"), is(false));
        assertThat(SessionLedger.isSessionId("--help"), is(false));
    }

    @Test
    void theTranscriptGivesTheEarlierMessagesInOrderWithToolCallsCut() {
        String transcript = Transcript.of(List.of(
                user("my colour is blue"),
                message(Role.ASSISTANT,
                        new MessageContent.ToolUse("t1", "Write", Json.object().add("content", "z".repeat(5000)).build()),
                        new MessageContent.ToolResult("t1", "written", false),
                        new MessageContent.Text("Blue it is.")),
                message(Role.USER, new MessageContent.Image("a1", "image/png", "/api/chats/c/attachments/a1", "AAAA"))), 100_000);

        assertThat(transcript, startsWith(Transcript.OPENING));
        assertThat(transcript.indexOf("my colour is blue") < transcript.indexOf("Blue it is."), is(true));
        assertThat(transcript, containsString("[tool call Write {\"content\":\"zzz"));
        assertThat(transcript, containsString("[tool result] written"));
        assertThat(transcript, containsString("[image image/png]"));
        assertThat(transcript, not(containsString("z".repeat(2_100))));
    }

    @Test
    void theTranscriptKeepsTheNewestMessagesWithinTheBudget() {
        String transcript = Transcript.of(List.of(user("ancient " + "a".repeat(500)), assistant("old answer"),
                user("newest question"), assistant("newest answer")), 200);

        assertThat(transcript, not(containsString("ancient")));
        assertThat(transcript, not(containsString("old answer")));
        assertThat(transcript, containsString("[2 older message(s) left out for length]"));
        assertThat(transcript, containsString("newest answer"));
        assertThat(Transcript.of(List.of(), 200), is(nullValue()));
    }
}
