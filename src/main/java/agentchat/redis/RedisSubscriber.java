package agentchat.redis;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import agentchat.http.RedisUnavailableException;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The one pub/sub connection of an instance, on its own thread (a Jedis subscriber blocks it while
 * it reads). Pinged every second; a connection that fails or stays silent (a hung Redis) is
 * dropped and opened again with backoff, its channels subscribed again, and then
 * {@link RedisConnection.Listener#onUp} lets the bus fill what it may have missed. It is "up" from
 * then until the connection drops: what {@code GET /health} reports.
 */
final class RedisSubscriber {

    private static final System.Logger LOG = System.getLogger(RedisSubscriber.class.getName());
    private static final Duration PING_EVERY = Duration.ofSeconds(1);
    private static final Duration SILENT_AFTER = Duration.ofSeconds(3);
    private static final long CONFIRM_WAIT_MS = 2000;
    private static final long BACKOFF_MIN_MS = 100;
    private static final long BACKOFF_MAX_MS = 2000;

    private record Subscription(Jedis jedis, JedisPubSub pubSub) {
    }

    private final HostAndPort address;
    private final JedisClientConfig config;
    private final String controlChannel;
    private final Runnable onDrop;
    private final Set<String> wanted = ConcurrentHashMap.newKeySet();
    /** Guarded by {@code writeLock}: per channel, the SUBSCRIBEs sent and not yet confirmed, oldest first. */
    private final Map<String, Deque<CompletableFuture<Void>>> confirmations = new ConcurrentHashMap<>();
    /** Every write to the connection (they come from several threads). */
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Thread reader;
    private final Thread watchdog;
    private volatile RedisConnection.Listener listener;
    private volatile Subscription current;
    private volatile boolean up;
    private volatile long lastHeardNanos = System.nanoTime();
    private volatile boolean closed;

    /** @param onDrop runs when the connection drops (the command pool's connections are likely dead too) */
    RedisSubscriber(HostAndPort address, JedisClientConfig config, String controlChannel, Runnable onDrop) {
        this.address = address;
        this.config = config;
        this.controlChannel = controlChannel;
        this.onDrop = onDrop;
        this.reader = Thread.ofPlatform().daemon().name("redis-subscriber").unstarted(this::subscribeLoop);
        this.watchdog = Thread.ofPlatform().daemon().name("redis-subscriber-watchdog").unstarted(this::watch);
    }

    void start(RedisConnection.Listener listener) {
        this.listener = listener;
        reader.start();
        watchdog.start();
    }

    boolean isUp() {
        return up;
    }

    /**
     * Listens on {@code channel} (also after reconnects) until {@link #unsubscribe}. The future
     * completes when Redis confirms; it fails at once while the subscriber is down, and the
     * channel is subscribed again (followed by {@link Listener#onUp}) when it is back.
     */
    CompletableFuture<Void> subscribe(String channel) {
        writeLock.lock();
        try {
            wanted.add(channel);
            Subscription subscription = current;
            if (subscription == null) {
                return CompletableFuture.failedFuture(
                        new RedisUnavailableException("Redis is unavailable; live features are paused", null));
            }
            CompletableFuture<Void> confirmed = expectConfirmation(channel);
            try {
                subscription.pubSub().subscribe(channel);
            } catch (JedisException e) {
                confirmed.completeExceptionally(e);
            }
            return confirmed;
        } finally {
            writeLock.unlock();
        }
    }

    void unsubscribe(String channel) {
        writeLock.lock();
        try {
            wanted.remove(channel);
            Subscription subscription = current;
            if (subscription != null) {
                subscription.pubSub().unsubscribe(channel);
            }
        } catch (JedisException e) {
            LOG.log(Level.DEBUG, "Could not unsubscribe " + channel, e);
        } finally {
            writeLock.unlock();
        }
    }

    private CompletableFuture<Void> expectConfirmation(String channel) {
        CompletableFuture<Void> confirmed = new CompletableFuture<>();
        confirmations.computeIfAbsent(channel, c -> new ArrayDeque<>()).add(confirmed);
        return confirmed;
    }

    private void confirmed(String channel) {
        writeLock.lock();
        try {
            Deque<CompletableFuture<Void>> waiting = confirmations.get(channel);
            CompletableFuture<Void> first = waiting == null ? null : waiting.poll();
            if (first != null) {
                first.complete(null);
            }
        } finally {
            writeLock.unlock();
        }
    }

    private void subscribeLoop() {
        long backoffMs = BACKOFF_MIN_MS;
        while (!closed) {
            Jedis jedis = null;
            try {
                jedis = new Jedis(address, config); // connects, bounded by the connect timeout
                jedis.ping(); // bounded by the command timeout
                lastHeardNanos = System.nanoTime();
                Listening pubSub = new Listening(jedis);
                backoffMs = BACKOFF_MIN_MS;
                jedis.subscribe(pubSub, controlChannel); // blocks while subscribed
            } catch (RuntimeException e) {
                if (!closed) {
                    LOG.log(up ? Level.WARNING : Level.DEBUG, "Redis subscriber connection lost: " + e.getMessage());
                }
            } finally {
                dropSubscription();
                if (jedis != null) {
                    jedis.close();
                }
            }
            if (!closed) {
                sleep(backoffMs / 2 + ThreadLocalRandom.current().nextLong(backoffMs / 2 + 1));
                backoffMs = Math.min(BACKOFF_MAX_MS, backoffMs * 2);
            }
        }
    }

    /** The subscriber connection is gone: fail the waiting confirmations and tell the listener once. */
    private void dropSubscription() {
        writeLock.lock();
        try {
            current = null;
            confirmations.values().forEach(waiting -> waiting.forEach(f -> f.completeExceptionally(
                    new RedisUnavailableException("Redis is unavailable; live features are paused", null))));
            confirmations.clear();
        } finally {
            writeLock.unlock();
        }
        if (up) {
            up = false;
            onDrop.run();
            LOG.log(Level.WARNING, "Redis is down: live features paused until it is back");
            listener.onDown();
        }
    }

    /** Pings the subscriber; a connection silent for {@link #SILENT_AFTER} (e.g. a hung Redis) is dropped. */
    private void watch() {
        while (!closed) {
            sleep(PING_EVERY.toMillis());
            Subscription subscription = current;
            if (subscription == null) {
                continue;
            }
            if (System.nanoTime() - lastHeardNanos > SILENT_AFTER.toNanos()) {
                LOG.log(Level.WARNING, "Redis did not answer for " + SILENT_AFTER.toSeconds() + " s; reconnecting");
                subscription.jedis().disconnect();
                continue;
            }
            writeLock.lock();
            try {
                if (current == subscription) {
                    subscription.pubSub().ping();
                }
            } catch (JedisException e) {
                subscription.jedis().disconnect();
            } finally {
                writeLock.unlock();
            }
        }
    }

    private final class Listening extends JedisPubSub {

        private final Jedis jedis;

        Listening(Jedis jedis) {
            this.jedis = jedis;
        }

        @Override
        public void onSubscribe(String channel, int subscribedChannels) {
            lastHeardNanos = System.nanoTime();
            if (channel.equals(controlChannel) && current == null) {
                resubscribe();
            } else {
                confirmed(channel);
            }
        }

        /** The control channel is confirmed: subscribe every wanted channel again, then go up. */
        private void resubscribe() {
            List<CompletableFuture<Void>> waiting = new ArrayList<>();
            writeLock.lock();
            try {
                current = new Subscription(jedis, this);
                List<String> channels = List.copyOf(wanted);
                if (!channels.isEmpty()) {
                    channels.forEach(channel -> waiting.add(expectConfirmation(channel)));
                    subscribe(channels.toArray(String[]::new));
                }
            } finally {
                writeLock.unlock();
            }
            Thread.ofVirtual().name("redis-up").start(() -> {
                try {
                    CompletableFuture.allOf(waiting.toArray(CompletableFuture[]::new))
                            .get(CONFIRM_WAIT_MS, TimeUnit.MILLISECONDS);
                } catch (Exception e) {
                    jedis.disconnect(); // try again from the start
                    return;
                }
                if (current != null && current.jedis() == jedis) {
                    up = true;
                    LOG.log(Level.INFO, "Redis is up");
                    listener.onUp();
                }
            });
        }

        @Override
        public void onMessage(String channel, String message) {
            lastHeardNanos = System.nanoTime();
            try {
                listener.onMessage(channel, message);
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "Failed to handle a message on " + channel, e);
            }
        }

        @Override
        public void onPong(String pattern) {
            lastHeardNanos = System.nanoTime();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void close() {
        closed = true;
        Subscription subscription = current;
        if (subscription != null) {
            subscription.jedis().disconnect();
        }
        reader.interrupt();
        watchdog.interrupt();
    }
}
