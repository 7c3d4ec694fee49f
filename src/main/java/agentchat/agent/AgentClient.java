package agentchat.agent;

/**
 * Talks to a model on behalf of one chat turn. Implementations stream over a blocking HTTP client;
 * {@link #sendMessage} runs on the caller's (virtual) thread and returns when the turn has ended,
 * after exactly one call of {@link AgentCallbacks#onComplete} or {@link AgentCallbacks#onError}.
 */
public interface AgentClient extends AutoCloseable {

    /** Runs one assistant turn, including the tool-use loop; {@code callbacks} receives the stream. */
    void sendMessage(TurnRequest request, AgentCallbacks callbacks);

    /** Stops the chat's running turn (upstream request and running tool) promptly; no-op when none runs. */
    void cancel(String chatId);

    /** Forgets what the provider keeps of a deleted chat (its turn has already ended), e.g. CLI session files. */
    default void chatDeleted(String chatId) {
        // the built-in providers keep nothing per chat
    }

    @Override
    void close();
}
