package agentchat.live;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * {@link ChatBus} inside one JVM. A chat's events are published and its sockets subscribed under
 * the chat's lock, so a joiner's catch-up (folded from the running turn's events) and the live
 * stream never overlap or leave a gap.
 */
public final class InProcessChatBus implements ChatBus {

    private static final int STRIPES = 256;

    /** Guarded by the chat's stripe lock. */
    private static final class Chat {
        final Set<Subscriber> subscribers = new LinkedHashSet<>();
        /** The running turn's events from its message_start, or null between turns. */
        List<String> journal;
        String turnMessageId;

        boolean isIdle() {
            return subscribers.isEmpty() && journal == null;
        }
    }

    private final Map<String, Chat> chats = new ConcurrentHashMap<>();
    private final TurnSignals signals = new TurnSignals();
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

    public InProcessChatBus() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    @Override
    public Registration subscribe(String chatId, Subscriber subscriber) {
        ReentrantLock lock = lockOf(chatId);
        lock.lock();
        try {
            Chat chat = chats.computeIfAbsent(chatId, id -> new Chat());
            if (chat.journal != null) {
                CatchUp.of(chat.journal).forEach(subscriber::deliver);
            }
            chat.subscribers.add(subscriber);
        } finally {
            lock.unlock();
        }
        return () -> {
            lock.lock();
            try {
                Chat chat = chats.get(chatId);
                if (chat != null) {
                    chat.subscribers.remove(subscriber);
                    if (chat.isIdle()) {
                        chats.remove(chatId);
                    }
                }
            } finally {
                lock.unlock();
            }
        };
    }

    @Override
    public void publish(String chatId, String event) {
        publishAll(chatId, List.of(event), () -> { });
    }

    /** Runs {@code first} and publishes {@code events} as one step for the chat's subscribers and publishers. */
    void publishAll(String chatId, List<String> events, Runnable first) {
        ReentrantLock lock = lockOf(chatId);
        lock.lock();
        try {
            first.run();
            for (String event : events) {
                publishLocked(chatId, event);
            }
        } finally {
            lock.unlock();
        }
    }

    private void publishLocked(String chatId, String event) {
        Chat chat = chats.get(chatId);
        if (CatchUp.startsTurn(event)) {
            chat = chats.computeIfAbsent(chatId, id -> new Chat());
            chat.journal = new ArrayList<>();
            chat.journal.add(event);
            chat.turnMessageId = CatchUp.messageIdOfStart(event);
        } else if (chat != null && chat.journal != null) {
            chat.journal.add(event);
            if (CatchUp.endsTurn(event, chat.turnMessageId)) {
                chat.journal = null;
                chat.turnMessageId = null;
            }
        }
        if (chat != null) {
            chat.subscribers.forEach(subscriber -> subscriber.deliver(event));
            if (chat.isIdle()) {
                chats.remove(chatId);
            }
        }
    }

    @Override
    public boolean isRunning(String chatId, String messageId) {
        ReentrantLock lock = lockOf(chatId);
        lock.lock();
        try {
            Chat chat = chats.get(chatId);
            return chat != null && chat.journal != null && CatchUp.isRunning(chat.journal, messageId);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void closeChat(String chatId, int code, String reason) {
        List<Subscriber> closing;
        ReentrantLock lock = lockOf(chatId);
        lock.lock();
        try {
            Chat chat = chats.remove(chatId);
            closing = chat == null ? List.of() : List.copyOf(chat.subscribers);
        } finally {
            lock.unlock();
        }
        closing.forEach(subscriber -> subscriber.close(code, reason));
    }

    @Override
    public void closeAll(int code, String reason, Duration wait) {
        List<Subscriber> closing = new ArrayList<>();
        for (String chatId : List.copyOf(chats.keySet())) {
            ReentrantLock lock = lockOf(chatId);
            lock.lock();
            try {
                Chat chat = chats.remove(chatId);
                if (chat != null) {
                    closing.addAll(chat.subscribers);
                }
            } finally {
                lock.unlock();
            }
        }
        ChatBus.closeAndAwait(closing, code, reason, wait);
    }

    @Override
    public void requestCancel(String chatId) {
        signals.cancel(chatId);
    }

    @Override
    public Registration onCancel(String chatId, Runnable handler) {
        return signals.onCancel(chatId, handler);
    }

    @Override
    public Registration awaitAnswer(String chatId, String requestId, Consumer<Answer> onAnswer) {
        return signals.awaitAnswer(chatId, requestId, onAnswer);
    }

    @Override
    public boolean answer(String chatId, String requestId, Answer answer) {
        return signals.answer(chatId, requestId, answer);
    }

    private ReentrantLock lockOf(String chatId) {
        return stripes[Math.floorMod(chatId.hashCode(), STRIPES)];
    }
}
