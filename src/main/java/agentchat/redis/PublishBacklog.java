package agentchat.redis;

import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import agentchat.http.RedisUnavailableException;

/**
 * Publishing that never waits for an outage, and publishes each batch once even when a command
 * that timed out still ran: a chat's events go to Redis at once when they can,
 * and otherwise are kept, in order, until Redis answers again (later events of that chat queue
 * behind them). A chat that keeps more than {@link #MAX_KEPT_CHARS} loses them: its journal is
 * then reset, which makes every socket of it reconnect and catch up afresh.
 */
final class PublishBacklog {

    private static final System.Logger LOG = System.getLogger(PublishBacklog.class.getName());
    private static final int STRIPES = 256;
    static final long MAX_KEPT_CHARS = 4L * 1024 * 1024;
    private static final long RETRY_EVERY_MS = 500;

    private record Batch(String id, List<String> events, String releaseLease) {
    }

    /** Guarded by the chat's stripe lock. */
    private static final class Kept {
        final Deque<Batch> batches = new ArrayDeque<>();
        long chars;
        boolean lost;
    }

    private final RedisConnection redis;
    private final RedisJournal journal;
    private final Map<String, Kept> kept = new ConcurrentHashMap<>();
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
    private final AtomicBoolean retrying = new AtomicBoolean();
    private final String batchPrefix;
    private final AtomicLong batches = new AtomicLong();

    PublishBacklog(RedisConnection redis, RedisJournal journal, String instanceId) {
        this.redis = redis;
        this.journal = journal;
        this.batchPrefix = instanceId + "-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    void publish(String chatId, List<String> events, String releaseLease) {
        Batch batch = new Batch(batchPrefix + batches.incrementAndGet(), events, releaseLease);
        ReentrantLock lock = lockOf(chatId);
        lock.lock();
        try {
            if (!kept.containsKey(chatId) && redis.isUp()) {
                try {
                    journal.publish(chatId, batch.id(), events, releaseLease);
                    return;
                } catch (RedisUnavailableException e) {
                    LOG.log(Level.WARNING, "Could not publish an event of chat " + chatId + "; keeping it until Redis is back");
                }
            }
            keep(chatId, batch);
        } finally {
            lock.unlock();
        }
        retryLater();
    }

    private void keep(String chatId, Batch batch) {
        Kept chat = kept.computeIfAbsent(chatId, id -> new Kept());
        chat.chars += batch.events().stream().mapToLong(String::length).sum();
        if (!chat.lost && chat.chars > MAX_KEPT_CHARS) {
            LOG.log(Level.WARNING, "Chat " + chatId + " kept more than " + MAX_KEPT_CHARS
                    + " characters of events while Redis was unavailable; its sockets will have to reconnect");
            chat.lost = true;
            List<Batch> releases = chat.batches.stream().filter(kept -> kept.releaseLease() != null)
                    .map(kept -> new Batch(kept.id(), List.of(), kept.releaseLease())).toList();
            chat.batches.clear();
            chat.batches.addAll(releases);
        }
        if (!chat.lost) {
            chat.batches.add(batch);
        } else if (batch.releaseLease() != null) {
            chat.batches.add(new Batch(batch.id(), List.of(), batch.releaseLease()));
        }
    }

    /** Publishes everything kept, chat by chat in order; stops at the first failure (Redis is down again). */
    void drain() {
        for (String chatId : List.copyOf(kept.keySet())) {
            ReentrantLock lock = lockOf(chatId);
            lock.lock();
            try {
                Kept chat = kept.get(chatId);
                if (chat == null) {
                    continue;
                }
                if (chat.lost) {
                    journal.reset(chatId);
                    chat.lost = false;
                }
                while (!chat.batches.isEmpty()) {
                    Batch batch = chat.batches.peekFirst();
                    journal.publish(chatId, batch.id(), batch.events(), batch.releaseLease());
                    chat.batches.pollFirst();
                }
                kept.remove(chatId);
            } catch (RedisUnavailableException e) {
                return;
            } finally {
                lock.unlock();
            }
        }
    }

    /** Also when the subscriber never noticed the trouble (one command failed): retry until all is out. */
    private void retryLater() {
        if (kept.isEmpty() || !retrying.compareAndSet(false, true)) {
            return;
        }
        Thread.ofVirtual().name("redis-publish-retry").start(() -> {
            try {
                while (!kept.isEmpty()) {
                    Thread.sleep(RETRY_EVERY_MS);
                    if (redis.isUp()) {
                        drain();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                retrying.set(false);
            }
            retryLater(); // something was kept just as this loop found nothing left
        });
    }

    private ReentrantLock lockOf(String chatId) {
        return stripes[Math.floorMod(chatId.hashCode(), STRIPES)];
    }
}
