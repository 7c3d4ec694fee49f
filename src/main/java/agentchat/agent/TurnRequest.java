package agentchat.agent;

import java.util.List;

import agentchat.messages.Message;

/**
 * What one assistant turn is asked to do.
 *
 * @param chatId       the chat, also the key for {@link AgentClient#cancel}
 * @param conversation the whole conversation so far, oldest first, ending with the new user message
 * @param sessionId    the chat's session id, or null on the first turn
 * @param model        the chat's own model, or null for the configured default
 * @param systemPrompt the chat's own system prompt, or null for the configured default
 */
public record TurnRequest(String chatId, List<Message> conversation, String sessionId, String model,
                          String systemPrompt) {

    public TurnRequest {
        conversation = List.copyOf(conversation);
    }

    /** A turn with the server's default model and system prompt. */
    public static TurnRequest of(String chatId, List<Message> conversation, String sessionId) {
        return new TurnRequest(chatId, conversation, sessionId, null, null);
    }
}
