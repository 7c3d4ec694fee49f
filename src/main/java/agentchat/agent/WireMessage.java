package agentchat.agent;

import java.util.List;

import agentchat.messages.MessageContent;
import agentchat.messages.Role;
import jakarta.json.JsonArray;

/**
 * A message as providers want it: strictly alternating roles, tool results in the user message
 * right after the assistant message holding their calls.
 *
 * @param providerContent for an assistant message of the running turn, its content exactly as the
 *                        provider returned it (Anthropic: with its thinking blocks and their
 *                        signatures in place), which that provider is sent instead of {@code parts};
 *                        null everywhere else
 */
record WireMessage(Role role, List<MessageContent> parts, JsonArray providerContent) {

    WireMessage {
        parts = List.copyOf(parts);
    }

    WireMessage(Role role, List<MessageContent> parts) {
        this(role, parts, null);
    }
}
