package agentchat.live;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** {@link ChatBus} inside one JVM. */
public final class InProcessChatBus implements ChatBus {

    private final Map<String, Set<Subscriber>> subscribers = new ConcurrentHashMap<>();
    private final Map<String, Runnable> cancelHandlers = new ConcurrentHashMap<>();

    @Override
    public Registration subscribe(String chatId, Subscriber subscriber) {
        subscribers.computeIfAbsent(chatId, id -> ConcurrentHashMap.newKeySet()).add(subscriber);
        return () -> subscribers.computeIfPresent(chatId, (id, set) -> {
            set.remove(subscriber);
            return set.isEmpty() ? null : set;
        });
    }

    @Override
    public void publish(String chatId, String event) {
        Set<Subscriber> set = subscribers.get(chatId);
        if (set != null) {
            set.forEach(subscriber -> subscriber.deliver(event));
        }
    }

    @Override
    public void closeChat(String chatId, int code, String reason) {
        Set<Subscriber> set = subscribers.remove(chatId);
        if (set != null) {
            set.forEach(subscriber -> subscriber.close(code, reason));
        }
    }

    @Override
    public void closeAll(int code, String reason, Duration wait) {
        List<Subscriber> closing = new ArrayList<>();
        subscribers.values().forEach(closing::addAll);
        List.copyOf(subscribers.keySet()).forEach(chatId -> closeChat(chatId, code, reason));
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            for (Subscriber subscriber : closing) {
                subscriber.awaitClosed(deadline);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void requestCancel(String chatId) {
        Runnable handler = cancelHandlers.get(chatId);
        if (handler != null) {
            handler.run();
        }
    }

    @Override
    public Registration onCancel(String chatId, Runnable handler) {
        cancelHandlers.put(chatId, handler);
        return () -> cancelHandlers.remove(chatId, handler);
    }
}
