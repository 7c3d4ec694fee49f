package agentchat.agent;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import agentchat.messages.Message;
import agentchat.messages.MessageContent;
import agentchat.messages.Role;

/**
 * Turns stored messages (tool calls and their results inside the assistant message, in the order
 * they happened) into the alternating user/assistant shape both providers require.
 */
final class ConversationShaper {

    static final String MISSING_RESULT = "The tool call was interrupted before it returned a result.";

    private ConversationShaper() {
    }

    /** The provider-ready shape: starts with a user message, roles alternate, every tool call is answered. */
    static List<WireMessage> toWire(List<Message> conversation) {
        List<WireMessage> segments = new ArrayList<>();
        for (Message message : conversation) {
            if (message.role() == Role.USER) {
                segments.add(new WireMessage(Role.USER, withoutToolParts(message.content())));
            } else {
                segments.addAll(expandAssistant(message.content()));
            }
        }
        List<WireMessage> merged = merge(segments.stream()
                                                 .dropWhile(segment -> segment.role() != Role.USER)
                                                 .toList());
        return merge(dropUnansweredResults(merged));
    }

    private static List<MessageContent> withoutToolParts(List<MessageContent> parts) {
        return parts.stream()
                .filter(part -> part instanceof MessageContent.Text || part instanceof MessageContent.Image)
                .toList();
    }

    /** [text, tool_use, tool_result, text] becomes assistant[text, tool_use], user[tool_result], assistant[text]. */
    private static List<WireMessage> expandAssistant(List<MessageContent> parts) {
        Set<String> answered = new HashSet<>();
        parts.stream().filter(p -> p instanceof MessageContent.ToolResult)
                .forEach(p -> answered.add(((MessageContent.ToolResult) p).toolUseId()));
        Set<String> called = new HashSet<>();
        List<WireMessage> segments = new ArrayList<>();
        List<MessageContent> current = new ArrayList<>();
        Role currentRole = Role.ASSISTANT;
        for (MessageContent part : parts) {
            Role role = part instanceof MessageContent.ToolResult ? Role.USER : Role.ASSISTANT;
            if (part instanceof MessageContent.ToolResult result && !called.contains(result.toolUseId())) {
                continue;
            }
            if (part instanceof MessageContent.Image) {
                continue;
            }
            if (role != currentRole) {
                segments.add(new WireMessage(currentRole, current));
                current = new ArrayList<>();
                currentRole = role;
            }
            current.add(part);
            if (part instanceof MessageContent.ToolUse use) {
                called.add(use.id());
                if (!answered.contains(use.id())) {
                    segments.add(new WireMessage(currentRole, current));
                    segments.add(new WireMessage(Role.USER,
                                                 List.of(new MessageContent.ToolResult(use.id(), MISSING_RESULT, true))));
                    current = new ArrayList<>();
                }
            }
        }
        segments.add(new WireMessage(currentRole, current));
        return segments;
    }

    /** Joins neighbours of the same role, skips empty ones, and puts tool results first in user messages. */
    private static List<WireMessage> merge(List<WireMessage> segments) {
        List<WireMessage> merged = new ArrayList<>();
        for (WireMessage segment : segments) {
            List<MessageContent> parts = segment.parts().stream().filter(ConversationShaper::notBlank).toList();
            if (parts.isEmpty()) {
                continue;
            }
            if (!merged.isEmpty() && merged.getLast().role() == segment.role()) {
                List<MessageContent> joined = new ArrayList<>(merged.getLast().parts());
                joined.addAll(parts);
                merged.set(merged.size() - 1, new WireMessage(segment.role(), toolResultsFirst(joined)));
            } else {
                merged.add(new WireMessage(segment.role(), toolResultsFirst(parts)));
            }
        }
        return merged;
    }

    private static List<MessageContent> toolResultsFirst(List<MessageContent> parts) {
        List<MessageContent> ordered = new ArrayList<>(parts.stream()
                                                               .filter(p -> p instanceof MessageContent.ToolResult)
                                                               .toList());
        parts.stream().filter(p -> !(p instanceof MessageContent.ToolResult)).forEach(ordered::add);
        return ordered;
    }

    /** A tool result is valid only right after the assistant message that made its call. */
    private static List<WireMessage> dropUnansweredResults(List<WireMessage> messages) {
        List<WireMessage> checked = new ArrayList<>();
        Set<String> lastCalls = Set.of();
        for (WireMessage message : messages) {
            if (message.role() == Role.ASSISTANT) {
                Set<String> calls = new HashSet<>();
                message.parts().stream().filter(p -> p instanceof MessageContent.ToolUse)
                        .forEach(p -> calls.add(((MessageContent.ToolUse) p).id()));
                lastCalls = calls;
                checked.add(message);
            } else {
                Set<String> previousCalls = lastCalls;
                checked.add(new WireMessage(Role.USER, message.parts().stream()
                        .filter(p -> !(p instanceof MessageContent.ToolResult result)
                                || previousCalls.contains(result.toolUseId()))
                        .toList()));
                lastCalls = Set.of();
            }
        }
        return checked;
    }

    private static boolean notBlank(MessageContent part) {
        return !(part instanceof MessageContent.Text text) || !text.text().isBlank();
    }
}
