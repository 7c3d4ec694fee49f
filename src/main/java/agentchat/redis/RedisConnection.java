package agentchat.redis;

import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import agentchat.http.RedisUnavailableException;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * This instance's two ways to Redis: a small pool for commands (every call bounded by a timeout)
 * and one dedicated subscriber connection for pub/sub, which blocks its own thread while it reads.
 * The subscriber is pinged every second; when it fails or stays silent it is dropped and opened
 * again with backoff, its channels subscribed again, and {@link Listener#onUp} lets the bus fill
 * what it may have missed. While it is down, commands fail at once with
 * {@link RedisUnavailableException} instead of waiting for timeouts.
 */
public final class RedisConnection implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RedisConnection.class.getName());
    private static final int CONNECT_TIMEOUT_MS = 1000;
    private static final int COMMAND_TIMEOUT_MS = 2000;
    private static final Duration POOL_WAIT = Duration.ofMillis(1000);
    private static final Duration PING_EVERY = Duration.ofSeconds(1);
    private static final Duration SILENT_AFTER = Duration.ofSeconds(3);
    private static final long BACKOFF_MIN_MS = 100;
    private static final long BACKOFF_MAX_MS = 2000;

    /** What the subscriber connection hears. */
    public interface Listener {
        /** A message on a subscribed channel; on the subscriber's thread, so it must not block. */
        void onMessage(String channel, String message);

        /** Subscribed again (after start or an outage): every wanted channel listens from now on. */
        void onUp();

        /** The subscriber connection was lost: messages published from now on until {@link #onUp} are missed. */
        void onDown();
    }

    /** A Lua script, run by its SHA-1 and loaded on first use (or after Redis restarted). */
    public record Script(String source, String sha) {
        public static Script of(String source) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
                return new Script(source, HexFormat.of().formatHex(digest));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private record Subscription(Jedis jedis, JedisPubSub pubSub) {
    }

    private final RedisClient commands;
    private final HostAndPort address;
    private final JedisClientConfig subscriberConfig;
    private final String controlChannel;
    private final Set<String> wanted = ConcurrentHashMap.newKeySet();
    /** Guarded by {@code writeLock}: per channel, the SUBSCRIBEs sent and not yet confirmed, oldest first. */
    private final Map<String, Deque<CompletableFuture<Void>>> confirmations = new ConcurrentHashMap<>();
    /** Every write to the subscriber connection (they come from several threads). */
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Thread subscriber;
    private final Thread watchdog;
    private volatile Listener listener;
    private volatile Subscription current;
    private volatile boolean up;
    private volatile long lastHeardNanos = System.nanoTime();
    private volatile boolean closed;

    public RedisConnection(RedisSettings settings) {
        this(settings.url(), RedisKeys.CONTROL, "agentchat-" + settings.instanceId());
    }

    RedisConnection(URI url, String controlChannel, String clientName) {
        this.address = JedisURIHelper.getHostAndPort(url);
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(CONNECT_TIMEOUT_MS)
                .socketTimeoutMillis(COMMAND_TIMEOUT_MS)
                .ssl(JedisURIHelper.isRedisSSLScheme(url))
                .clientName(clientName)
                .resp2();
        if (JedisURIHelper.getPassword(url) != null) {
            config.user(JedisURIHelper.getUser(url)).password(JedisURIHelper.getPassword(url));
        }
        if (JedisURIHelper.hasDbIndex(url)) {
            config.database(JedisURIHelper.getDBIndex(url));
        }
        JedisClientConfig clientConfig = config.build();
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(64);
        pool.setMaxIdle(16);
        pool.setMaxWait(POOL_WAIT);
        pool.setBlockWhenExhausted(true);
        this.commands = RedisClient.builder().hostAndPort(address).clientConfig(clientConfig).poolConfig(pool).build();
        this.subscriberConfig = clientConfig;
        this.controlChannel = controlChannel;
        this.subscriber = Thread.ofPlatform().daemon().name("redis-subscriber").unstarted(this::subscribeLoop);
        this.watchdog = Thread.ofPlatform().daemon().name("redis-subscriber-watchdog").unstarted(this::watch);
    }

    /** Starts the subscriber and waits up to {@code wait} for it to be up; Redis may come later. */
    public void start(Listener listener, Duration wait) {
        this.listener = listener;
        subscriber.start();
        watchdog.start();
        long deadline = System.nanoTime() + wait.toNanos();
        while (!up && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Whether the subscriber is connected and answering: what {@code GET /health} reports. */
    public boolean isUp() {
        return up;
    }

    /** Runs commands on a pooled connection; {@link RedisUnavailableException} when Redis cannot be reached. */
    public <T> T call(Function<UnifiedJedis, T> work) {
        if (!up) {
            throw new RedisUnavailableException("Redis is unavailable; live features are paused", null);
        }
        try {
            return work.apply(commands);
        } catch (JedisDataException e) {
            throw e; // a bug of ours (wrong type, script error), not an outage
        } catch (JedisException e) {
            LOG.log(Level.DEBUG, "Redis command failed", e);
            commands.getPool().clear(); // the idle connections are likely as dead as this one
            throw new RedisUnavailableException("Redis is unavailable; live features are paused", e);
        }
    }

    /** Runs a script by its SHA-1, loading it when Redis does not know it. */
    public Object run(Script script, List<String> keys, List<String> args) {
        return call(redis -> {
            try {
                return redis.evalsha(script.sha(), keys, args);
            } catch (JedisNoScriptException e) {
                return redis.eval(script.source(), keys, args);
            }
        });
    }

    /**
     * Listens on {@code channel} (also after reconnects) until {@link #unsubscribe}. The future
     * completes when Redis confirms; it fails at once while the subscriber is down, and the
     * channel is subscribed again (followed by {@link Listener#onUp}) when it is back.
     */
    public CompletableFuture<Void> subscribe(String channel) {
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

    public void unsubscribe(String channel) {
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
                jedis = new Jedis(address, subscriberConfig); // connects, bounded by the connect timeout
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
            commands.getPool().clear(); // their sockets died with the subscriber's
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
                            .get(COMMAND_TIMEOUT_MS, TimeUnit.MILLISECONDS);
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

    @Override
    public void close() {
        closed = true;
        Subscription subscription = current;
        if (subscription != null) {
            subscription.jedis().disconnect();
        }
        subscriber.interrupt();
        watchdog.interrupt();
        commands.close();
    }
}
