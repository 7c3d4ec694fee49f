package agentchat.agent.claudecode;

import java.util.ArrayList;
import java.util.List;

import agentchat.json.Texts;
import agentchat.messages.Message;
import agentchat.messages.MessageContent;
import agentchat.messages.Role;

/**
 * The chat's stored messages as text, for a new Claude Code session that cannot resume the chat's
 * old one (its files are gone, it lives on another machine, or the chat was changed since). The
 * newest messages are kept within the history budget; long tool inputs and results are cut.
 */
final class Transcript {

    static final String OPENING = """
            This chat has earlier messages that this session has not seen (the chat had no Claude Code \
            session yet, or its previous one could not be resumed). Here they are, oldest first, as the \
            chat server stored them; continue the conversation from there.""";

    private static final int MAX_TOOL_CHARS = 2_000;

    private Transcript() {
    }

    /** The earlier messages as one text block, or null when there are none. The newest one is always kept. */
    static String of(List<Message> earlier, int budgetChars) {
        List<String> entries = new ArrayList<>();
        for (Message message : earlier) {
            entries.add(entry(message));
        }
        int size = entries.stream().mapToInt(String::length).sum();
        int first = 0;
        while (size > budgetChars && first < entries.size() - 1) {
            // whole turns: a user message with the answers after it
            do {
                size -= entries.get(first).length();
                first++;
            } while (first < entries.size() - 1 && earlier.get(first).role() != Role.USER);
        }
        if (entries.isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder(OPENING).append("\n\n<earlier-messages>\n");
        if (first > 0) {
            text.append("[").append(first).append(" older message(s) left out for length]\n\n");
        }
        entries.subList(first, entries.size()).forEach(text::append);
        return text.append("</earlier-messages>").toString();
    }

    private static String entry(Message message) {
        StringBuilder text = new StringBuilder(message.role() == Role.USER ? "[user]\n" : "[assistant]\n");
        for (MessageContent part : message.content()) {
            switch (part) {
                case MessageContent.Text t -> text.append(t.text()).append('\n');
                case MessageContent.Image image -> text.append("[image ").append(image.mimeType()).append("]\n");
                case MessageContent.ToolUse use -> text.append("[tool call ").append(use.name()).append(' ')
                        .append(Texts.abbreviate(use.input().toString(), MAX_TOOL_CHARS)).append("]\n");
                case MessageContent.ToolResult result -> text.append(result.isError() ? "[tool error] " : "[tool result] ")
                        .append(Texts.abbreviate(result.content(), MAX_TOOL_CHARS)).append('\n');
            }
        }
        return text.append('\n').toString();
    }
}
