package agentchat.agent;

import java.util.List;

import agentchat.messages.Message;

/**
 * Talks to a model on behalf of one chat turn. Implementations stream over a blocking HTTP client;
 * {@link #sendMessage} runs on the caller's (virtual) thread and returns when the turn has ended,
 * after exactly one call of {@link AgentCallbacks#onComplete} or {@link AgentCallbacks#onError}.
 */
public interface AgentClient extends AutoCloseable {

    /**
     * Runs one assistant turn, including the tool-use loop.
     *
     * @param chatId       the chat, also the key for {@link #cancel}
     * @param conversation the whole conversation so far, oldest first, ending with the new user message
     * @param sessionId    the chat's session id, or null on the first turn
     * @param callbacks    receives the stream
     */
    void sendMessage(String chatId, List<Message> conversation, String sessionId, AgentCallbacks callbacks);

    /** Stops the chat's running turn (upstream request and running tool) promptly; no-op when none runs. */
    void cancel(String chatId);

    @Override
    void close();
}
