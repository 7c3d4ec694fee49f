package agentchat.agent;

import java.util.List;

import agentchat.messages.MessageContent;
import agentchat.messages.Role;

/**
 * A message as providers want it: strictly alternating roles, tool results in the user message
 * right after the assistant message holding their calls.
 */
record WireMessage(Role role, List<MessageContent> parts) {

    WireMessage {
        parts = List.copyOf(parts);
    }
}
