package agentchat.agent;

import java.util.List;

import agentchat.messages.MessageContent;
import agentchat.messages.Role;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import static agentchat.agent.TestAgents.assistant;
import static agentchat.agent.TestAgents.user;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

class ConversationShaperTest {

    private static final MessageContent.ToolUse CALL = new MessageContent.ToolUse("t1", "Read", JsonValue.EMPTY_JSON_OBJECT);
    private static final MessageContent.ToolResult RESULT = new MessageContent.ToolResult("t1", "data", false);

    private static List<Role> roles(List<WireMessage> wire) {
        return wire.stream().map(WireMessage::role).toList();
    }

    @Test
    void assistantToolExchangeIsSplitIntoAlternatingMessages() {
        List<WireMessage> wire = ConversationShaper.toWire(List.of(
                user("Hi"), assistant(new MessageContent.Text("a"), CALL, RESULT, new MessageContent.Text("b"))));

        assertThat(roles(wire), contains(Role.USER, Role.ASSISTANT, Role.USER, Role.ASSISTANT));
        assertThat(wire.get(1).parts(), contains(new MessageContent.Text("a"), CALL));
        assertThat(wire.get(2).parts(), contains(RESULT));
        assertThat(wire.get(3).parts(), contains(new MessageContent.Text("b")));
    }

    @Test
    void consecutiveSameRoleMessagesAreMerged() {
        List<WireMessage> wire = ConversationShaper.toWire(List.of(user("one"), user("two")));

        assertThat(wire.size(), is(1));
        assertThat(wire.getFirst().parts(), contains(new MessageContent.Text("one"), new MessageContent.Text("two")));
    }

    @Test
    void emptyAssistantMessageIsSkipped() {
        List<WireMessage> wire = ConversationShaper.toWire(List.of(user("one"), assistant(), user("two")));

        assertThat(roles(wire), contains(Role.USER));
    }

    @Test
    void conversationStartsWithAUserMessage() {
        List<WireMessage> wire = ConversationShaper.toWire(List.of(assistant("greeting"), user("Hi")));

        assertThat(roles(wire), contains(Role.USER));
    }

    @Test
    void toolCallWithoutResultGetsAnInterruptedErrorResult() {
        List<WireMessage> wire = ConversationShaper.toWire(List.of(user("Hi"), assistant(CALL), user("again")));

        assertThat(roles(wire), contains(Role.USER, Role.ASSISTANT, Role.USER));
        assertThat(wire.get(2).parts().getFirst(),
                   is(new MessageContent.ToolResult("t1", ConversationShaper.MISSING_RESULT, true)));
        assertThat(wire.get(2).parts().get(1), is(new MessageContent.Text("again")));
    }

    @Test
    void toolResultWithoutItsCallIsDropped() {
        List<WireMessage> wire = ConversationShaper.toWire(List.of(user("Hi"), assistant(RESULT, new MessageContent.Text("x"))));

        assertThat(wire.get(1).parts(), contains(new MessageContent.Text("x")));
    }
}
