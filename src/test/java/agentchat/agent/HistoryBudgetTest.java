package agentchat.agent;

import java.util.ArrayList;
import java.util.List;

import agentchat.messages.Message;
import agentchat.messages.MessageContent;
import agentchat.messages.Role;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import static agentchat.agent.TestAgents.assistant;
import static agentchat.agent.TestAgents.user;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.sameInstance;

class HistoryBudgetTest {

    private static final MessageContent.ToolUse CALL = new MessageContent.ToolUse("t1", "Read", JsonValue.EMPTY_JSON_OBJECT);
    private static final MessageContent.ToolResult RESULT = new MessageContent.ToolResult("t1", "data", false);

    private static long tokens(List<Message> messages) {
        return messages.stream().mapToLong(TokenEstimate::of).sum();
    }

    @Test
    void aConversationWithinTheBudgetIsSentWhole() {
        List<Message> conversation = List.of(user("a".repeat(40)), assistant("b".repeat(40)), user("c"));

        assertThat(HistoryBudget.trim(conversation, 21), sameInstance(conversation));
    }

    @Test
    void theOldestWholeTurnsAreLeftOutFirst() {
        List<Message> conversation = List.of(user("a".repeat(400)), assistant("b".repeat(400)),
                                             user("c".repeat(40)), assistant("d".repeat(40)), user("e"));

        assertThat(HistoryBudget.trim(conversation, 50),
                   contains(conversation.get(2), conversation.get(3), conversation.get(4)));
    }

    @Test
    void theNewestUserTurnIsAlwaysKept() {
        List<Message> conversation = List.of(user("old"), user("x".repeat(1000)));

        assertThat(HistoryBudget.trim(conversation, 10), contains(conversation.get(1)));
    }

    @Test
    void toolCallsStayWithTheirResults() {
        List<Message> conversation = List.of(user("x".repeat(400)), assistant(CALL, RESULT), user("y"),
                                             assistant(CALL, RESULT), user("z"));

        List<WireMessage> wire = ConversationShaper.toWire(HistoryBudget.trim(conversation, 10));

        assertThat(wire.stream().map(WireMessage::role).toList(), contains(Role.USER, Role.ASSISTANT, Role.USER));
        assertThat(wire.get(2).parts(), contains(RESULT, new MessageContent.Text("z")));
    }

    @Test
    void anImageCountsAFixedAmountWhateverItsSize() {
        Message small = user(new MessageContent.Image("a1", "image/png", "/api/chats/c/attachments/a1", "A".repeat(100)));
        Message big = user(new MessageContent.Image("a2", "image/png", "/api/chats/c/attachments/a2", "A".repeat(10_000_000)));

        assertThat(TokenEstimate.of(small), is((long) TokenEstimate.IMAGE_TOKENS));
        assertThat(TokenEstimate.of(big), is((long) TokenEstimate.IMAGE_TOKENS));
    }

    @Test
    void textIsEstimatedAtFourCharactersAToken() {
        assertThat(TokenEstimate.of(user("x".repeat(400))), is(100L));
        assertThat(TokenEstimate.of(user("x".repeat(401))), is(101L));
    }

    /**
     * The point of cutting in steps: over 200 turns of a growing chat, the first turn sent changes
     * only a few times, each time leaving between half the budget and the whole of it.
     */
    @Test
    void theCutPointStaysPutForManyTurnsAndMovesInSteps() {
        long budget = 10_000;
        List<Message> conversation = new ArrayList<>();
        int moves = 0;
        Message previousFirst = null;
        for (int turn = 0; turn < 200; turn++) {
            conversation.add(user("question " + turn + " " + "q".repeat(400 + turn % 7 * 50)));
            List<Message> sent = HistoryBudget.trim(conversation, budget);
            assertThat(tokens(sent), lessThanOrEqualTo(budget));
            if (!sent.equals(conversation)) {
                // at least half the budget, less the one turn that straddles the step
                assertThat(tokens(sent), greaterThanOrEqualTo(budget / 2 - 600));
            }
            if (previousFirst != null && sent.getFirst() != previousFirst) {
                moves++;
            }
            previousFirst = sent.getFirst();
            conversation.add(assistant("answer " + turn + " " + "a".repeat(1200)));
        }
        // ~200 turns of ~450 tokens is ~90,000 tokens: about 90,000 / 5,000 steps, not a move per turn
        assertThat(moves, lessThanOrEqualTo(20));
        assertThat(moves, greaterThanOrEqualTo(10));
    }
}
