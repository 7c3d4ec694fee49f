package agentchat.live;

/**
 * The per-chat event fan-out and cancel signal. In-process today ({@link InProcessChatBus}); an
 * implementation over an external broker lets several instances share chats without touching the
 * turn logic.
 */
public interface ChatBus {

    /** Receives the events of one chat, already serialized as JSON text. Must not block. */
    interface Subscriber {
        void deliver(String event);

        /** The chat is going away (deleted, server stopping): close with this WebSocket code. */
        void close(int code, String reason);

        /** Waits (at most until {@code deadlineNanos}, a System.nanoTime value) for an asked close to be written. */
        default void awaitClosed(long deadlineNanos) throws InterruptedException {
        }
    }

    /** Stops a subscription or a cancel handler. */
    interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    Registration subscribe(String chatId, Subscriber subscriber);

    void publish(String chatId, String event);

    /** Closes every subscriber of the chat. */
    void closeChat(String chatId, int code, String reason);

    /** Closes every subscriber of every chat, waiting up to {@code wait} for the close frames to go out. */
    void closeAll(int code, String reason, java.time.Duration wait);

    /** Asks whoever runs the chat's generation to stop it. */
    void requestCancel(String chatId);

    /** Runs {@code handler} when a cancel of the chat is requested, until the registration is closed. */
    Registration onCancel(String chatId, Runnable handler);
}
