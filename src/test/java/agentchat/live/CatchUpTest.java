package agentchat.live;

import java.util.ArrayList;
import java.util.List;

import agentchat.json.Json;
import agentchat.messages.MessageContent;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

/** The catch-up of a socket that joins mid-turn, folded from the turn's events as both buses journal them. */
class CatchUpTest {

    private static final String ID = "m1";
    private static final MessageContent.ToolUse READ = new MessageContent.ToolUse("t1", "Read",
            Json.object().add("path", "a.txt").build());
    private static final MessageContent.ToolResult RESULT = new MessageContent.ToolResult("t1", "hello", false);

    private static List<String> journal(String... events) {
        return new ArrayList<>(List.of(events));
    }

    @Test
    void anIdleChatHasNoCatchUp() {
        assertThat(CatchUp.of(journal(Events.status("idle"))), is(empty()));
    }

    @Test
    void textSoFarIsOneDeltaPerTextPartBetweenTheToolEventsThenTheStatus() {
        List<String> journal = journal(Events.messageStart(ID), Events.status("thinking"), Events.status("responding"),
                Events.delta(ID, "Let me "), Events.delta(ID, "look."), Events.toolUse(ID, READ),
                Events.status("tool_use"), Events.toolResult(ID, RESULT), Events.status("thinking"),
                Events.status("responding"), Events.delta(ID, "It says "), Events.delta(ID, "hello."));

        assertThat(CatchUp.of(journal), contains(Events.messageStart(ID), Events.delta(ID, "Let me look."),
                Events.toolUse(ID, READ), Events.toolResult(ID, RESULT), Events.delta(ID, "It says hello."),
                Events.status("responding")));
    }

    @Test
    void aPendingApprovalRequestComesBeforeTheStatusAndAnAnsweredOneNotAtAll() {
        String request = Events.approvalRequest("r1", READ);
        List<String> waiting = journal(Events.messageStart(ID), Events.toolUse(ID, READ), Events.status("tool_use"), request);
        assertThat(CatchUp.of(waiting), contains(Events.messageStart(ID), Events.toolUse(ID, READ), request,
                Events.status("tool_use")));

        waiting.add(Events.toolResult(ID, RESULT));
        assertThat(CatchUp.of(waiting), contains(Events.messageStart(ID), Events.toolUse(ID, READ),
                Events.toolResult(ID, RESULT), Events.status("tool_use")));
    }

    @Test
    void onlyTheLastTurnCountsAndAnEndedTurnHasNoCatchUp() {
        List<String> journal = journal(Events.messageStart("old"), Events.delta("old", "old text"),
                Events.error("UPSTREAM_ERROR", "failed", "old"), Events.status("idle"),
                Events.messageStart(ID), Events.delta(ID, "new"));
        assertThat(CatchUp.of(journal), contains(Events.messageStart(ID), Events.delta(ID, "new")));
        assertThat(CatchUp.isRunning(journal, ID), is(true));
        assertThat(CatchUp.isRunning(journal, "old"), is(false));

        journal.add(Events.error("UPSTREAM_ERROR", "failed too", ID));
        assertThat(CatchUp.of(journal), is(empty()));
        assertThat(CatchUp.isRunning(journal, ID), is(false));
    }

    @Test
    void anErrorWithoutTheTurnsIdDoesNotEndIt() {
        List<String> journal = journal(Events.messageStart(ID), Events.error("CHAT_BUSY", "busy", null));
        assertThat(CatchUp.of(journal), contains(Events.messageStart(ID)));
    }

    @Test
    void theTypeOfAnEventIsReadWithoutParsingIt() {
        assertThat(Events.type(Events.delta(ID, "x")), is("message_delta"));
        assertThat(Events.type("{ \"type\" : \"status\", \"status\": \"idle\"}"), is("status"));
    }
}
