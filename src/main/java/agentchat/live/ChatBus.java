package agentchat.live;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * The chats' live events between turns and sockets: ordered per-chat fan-out with catch-up, the
 * chat-wide close, and the signals a socket sends to whichever turn runs the chat (cancel, tool
 * approval answers). {@link InProcessChatBus} serves one instance; {@code redis.RedisChatBus}
 * lets every instance that shares a Redis serve the same chats.
 *
 * <p>A socket that subscribes while a turn runs first receives the turn so far ({@link CatchUp}),
 * then every later event of the chat in publication order, with no gap and no duplicate.
 */
public interface ChatBus {

    /** Receives the events of one chat, already serialized as JSON text. Must not block. */
    interface Subscriber {
        void deliver(String event);

        /** The chat is going away (deleted, server stopping, events lost): close with this WebSocket code. */
        void close(int code, String reason);

        /** Waits (at most until {@code deadlineNanos}, a System.nanoTime value) for an asked close to be written. */
        default void awaitClosed(long deadlineNanos) throws InterruptedException {
        }
    }

    /** Stops a subscription or a handler. */
    interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    /** A user's answer to a tool approval request. */
    record Answer(boolean approved, String message) {
    }

    /** The catch-up of the running turn, then every later event of the chat. */
    Registration subscribe(String chatId, Subscriber subscriber);

    /** Sends an event to every socket of the chat (on every instance), after the chat's earlier events. */
    void publish(String chatId, String event);

    /** Whether the chat's live events show {@code messageId}'s turn started and not yet ended. */
    boolean isRunning(String chatId, String messageId);

    /** Closes every socket of the chat, on every instance; the chat is gone. */
    void closeChat(String chatId, int code, String reason);

    /** Closes every socket of this instance, waiting up to {@code wait} for the close frames to go out. */
    void closeAll(int code, String reason, Duration wait);

    /** Closes each subscriber, then waits up to {@code wait} in all for their close frames to go out. */
    static void closeAndAwait(List<Subscriber> closing, int code, String reason, Duration wait) {
        closing.forEach(subscriber -> subscriber.close(code, reason));
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            for (Subscriber subscriber : closing) {
                subscriber.awaitClosed(deadline);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Asks whoever runs the chat's generation, on whatever instance, to stop it. */
    void requestCancel(String chatId);

    /** Runs {@code handler} when a cancel of the chat is requested, until the registration is closed. */
    Registration onCancel(String chatId, Runnable handler);

    /**
     * Makes {@code requestId} a pending approval request of the chat: the first {@link #answer} for it,
     * from any instance, goes to {@code onAnswer}. Closing the registration withdraws the request.
     */
    Registration awaitAnswer(String chatId, String requestId, Consumer<Answer> onAnswer);

    /** Claims a pending request and hands the answer to its turn; false when no such request is pending. */
    boolean answer(String chatId, String requestId, Answer answer);
}
