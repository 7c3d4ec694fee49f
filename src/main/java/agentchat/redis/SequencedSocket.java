package agentchat.redis;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import agentchat.http.RedisUnavailableException;
import agentchat.live.CatchUp;
import agentchat.live.ChatBus;

/**
 * One local socket of a chat, fed from the chat's Redis channel in sequence order. It starts
 * unsynced, collecting what arrives; {@link #sync} reads the journal and sequence, sends the
 * catch-up folded from the journal and then what it collected past the journal, dropping
 * duplicates. Later, an event whose number skips one (pub/sub drops what is published while a
 * subscriber reconnects) starts a fill from the journal; a gap the journal no longer covers
 * closes the socket with 1013 so the client reconnects and catches up.
 */
final class SequencedSocket {

    private enum State { UNSYNCED, LIVE, FILLING, CLOSED }

    private static final int MAX_HELD = 10_000;
    private static final int SYNC_ATTEMPTS = 10;
    private static final long SYNC_PAUSE_MS = 200;

    private final String chatId;
    private final ChatBus.Subscriber subscriber;
    private final RedisJournal journal;
    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by {@code lock}. */
    private State state = State.UNSYNCED;
    private long lastSeq;
    private final Deque<RedisJournal.Entry> held = new ArrayDeque<>();

    SequencedSocket(String chatId, ChatBus.Subscriber subscriber, RedisJournal journal) {
        this.chatId = chatId;
        this.subscriber = subscriber;
        this.journal = journal;
    }

    ChatBus.Subscriber subscriber() {
        return subscriber;
    }

    /** An event from the channel (on the subscriber thread: never waits for Redis). */
    void offer(RedisJournal.Entry entry) {
        boolean fill;
        lock.lock();
        try {
            fill = offerLocked(entry);
        } finally {
            lock.unlock();
        }
        if (fill) {
            Thread.ofVirtual().name("ws-fill-" + chatId).start(this::syncQuietly);
        }
    }

    /** True when the entry opened a gap that a fill must close. */
    private boolean offerLocked(RedisJournal.Entry entry) {
        switch (state) {
            case CLOSED -> {
                return false;
            }
            case UNSYNCED, FILLING -> {
                hold(entry);
                return false;
            }
            default -> {
                if (entry.seq() <= lastSeq) {
                    return false;
                }
                if (entry.seq() == lastSeq + 1) {
                    send(entry);
                    return false;
                }
                state = State.FILLING;
                held.addFirst(entry);
                return true;
            }
        }
    }

    private void hold(RedisJournal.Entry entry) {
        if (held.size() >= MAX_HELD) {
            lost();
            return;
        }
        held.addLast(entry);
    }

    /**
     * Reads the journal: an unsynced socket gets the catch-up, a live or filling one what it
     * missed; then what it held. Throws {@link RedisUnavailableException} when Redis cannot be
     * reached (the socket keeps holding what arrives).
     */
    void sync() {
        RedisJournal.Snapshot snapshot = journal.snapshot(chatId); // unsynced or filling, it keeps holding
        boolean fillAgain = false;
        lock.lock();
        try {
            if (state == State.CLOSED) {
                return;
            }
            if (state == State.UNSYNCED) {
                CatchUp.of(snapshot.events()).forEach(subscriber::deliver);
                lastSeq = snapshot.seq();
            } else if (!fillFrom(snapshot)) {
                return;
            }
            state = State.LIVE;
            while (state == State.LIVE && !held.isEmpty()) {
                fillAgain = offerLocked(held.pollFirst());
            }
        } finally {
            lock.unlock();
        }
        if (fillAgain) {
            sync();
        }
    }

    /**
     * {@link #sync}, tried a few times (a pooled connection may have died with a Redis restart);
     * when Redis stays unavailable, the bus syncs again once it is back.
     */
    void syncQuietly() {
        for (int attempt = 1; ; attempt++) {
            try {
                sync();
                return;
            } catch (RedisUnavailableException e) {
                if (attempt == SYNC_ATTEMPTS) {
                    return; // still holding; RedisChatBus.onUp syncs every socket again
                }
            }
            try {
                Thread.sleep(SYNC_PAUSE_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Sends the journal's entries after {@code lastSeq}; false (and closed) when some are gone. */
    private boolean fillFrom(RedisJournal.Snapshot snapshot) {
        List<RedisJournal.Entry> newer = snapshot.entries().stream().filter(e -> e.seq() > lastSeq).toList();
        boolean gap = newer.isEmpty() ? snapshot.seq() > lastSeq : newer.getFirst().seq() != lastSeq + 1;
        if (gap) {
            lost();
            return false;
        }
        newer.forEach(this::send);
        return true;
    }

    private void send(RedisJournal.Entry entry) {
        lastSeq = entry.seq();
        if (entry.event().equals(RedisJournal.RESET_MARKER)) {
            return;
        }
        subscriber.deliver(entry.event());
    }

    private void lost() {
        state = State.CLOSED;
        held.clear();
        subscriber.close(1013, "Missed live events; reconnect to catch up");
    }

    void closed() {
        lock.lock();
        try {
            state = State.CLOSED;
            held.clear();
        } finally {
            lock.unlock();
        }
    }
}
