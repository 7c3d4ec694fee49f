package agentchat.agent;

import java.util.ArrayList;
import java.util.List;

import agentchat.messages.Message;
import agentchat.messages.MessageContent;
import agentchat.messages.Role;

/**
 * One request to the model.
 *
 * @param model         the model to ask (the chat's own, else the configured one)
 * @param systemPrompt  the system prompt (the chat's own, else the configured one)
 * @param messages      the conversation in the providers' shape
 * @param tools         the tools offered
 * @param historyBlocks how many content blocks, from the start of {@code messages}, are the earlier
 *                      conversation: everything before the newest user message
 * @param toolLoop      true from the second call of a turn on, when the request ends with the
 *                      turn's own tool calls and results
 */
record ModelCall(String model, String systemPrompt, List<WireMessage> messages, List<ToolSpec> tools,
                 int historyBlocks, boolean toolLoop) {

    ModelCall {
        messages = List.copyOf(messages);
        tools = List.copyOf(tools);
    }

    /**
     * The number of blocks of {@code wire} (the shape of {@code conversation}) that come from the
     * messages before the newest user message; 0 when they are not a prefix of it.
     */
    static int historyBlocks(List<Message> conversation, List<WireMessage> wire) {
        int newestUser = -1;
        for (int i = conversation.size() - 1; i >= 0 && newestUser < 0; i--) {
            if (conversation.get(i).role() == Role.USER) {
                newestUser = i;
            }
        }
        if (newestUser <= 0) {
            return 0;
        }
        List<MessageContent> earlier = blocks(ConversationShaper.toWire(conversation.subList(0, newestUser)));
        List<MessageContent> all = blocks(wire);
        return all.size() >= earlier.size() && all.subList(0, earlier.size()).equals(earlier) ? earlier.size() : 0;
    }

    private static List<MessageContent> blocks(List<WireMessage> wire) {
        List<MessageContent> blocks = new ArrayList<>();
        wire.forEach(message -> blocks.addAll(message.parts()));
        return blocks;
    }
}
