package agentchat.live;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The turns running on this instance, as far as sockets can reach them: a cancel handler per chat
 * and the approval requests they wait on. Both chat buses keep these here; the Redis one routes a
 * cancel or an answer from any instance to the instance whose turn registered it.
 */
public final class TurnSignals {

    private record Pending(String chatId, Consumer<ChatBus.Answer> onAnswer) {
    }

    private final Map<String, Runnable> cancelHandlers = new ConcurrentHashMap<>();
    private final Map<String, Pending> pendingAnswers = new ConcurrentHashMap<>();

    public ChatBus.Registration onCancel(String chatId, Runnable handler) {
        cancelHandlers.put(chatId, handler);
        return () -> cancelHandlers.remove(chatId, handler);
    }

    /** Runs the chat's cancel handler, if a turn of it runs here. */
    public void cancel(String chatId) {
        Runnable handler = cancelHandlers.get(chatId);
        if (handler != null) {
            handler.run();
        }
    }

    public ChatBus.Registration awaitAnswer(String chatId, String requestId, Consumer<ChatBus.Answer> onAnswer) {
        Pending pending = new Pending(chatId, onAnswer);
        pendingAnswers.put(requestId, pending);
        return () -> pendingAnswers.remove(requestId, pending);
    }

    /** Hands the answer to the turn waiting here for it, once; false when none is. */
    public boolean answer(String chatId, String requestId, ChatBus.Answer answer) {
        Pending pending = pendingAnswers.get(requestId);
        if (pending == null || !pending.chatId().equals(chatId) || !pendingAnswers.remove(requestId, pending)) {
            return false;
        }
        pending.onAnswer().accept(answer);
        return true;
    }
}
