package agentchat.redis;

import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import agentchat.http.RedisUnavailableException;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * This instance's two ways to Redis: a small pool for commands (every call bounded by a timeout)
 * and one dedicated {@link RedisSubscriber subscriber connection} for pub/sub. While the
 * subscriber is down, commands fail at once with {@link RedisUnavailableException} instead of
 * waiting for timeouts.
 */
public final class RedisConnection implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RedisConnection.class.getName());
    private static final int CONNECT_TIMEOUT_MS = 1000;
    private static final int COMMAND_TIMEOUT_MS = 2000;
    private static final Duration POOL_WAIT = Duration.ofMillis(1000);

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
    record Script(String source, String sha) {
        public static Script of(String source) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
                return new Script(source, HexFormat.of().formatHex(digest));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final RedisClient commands;
    private final RedisSubscriber subscriber;

    public RedisConnection(RedisSettings settings) {
        this(settings.url(), RedisKeys.CONTROL, "agentchat-" + settings.instanceId());
    }

    RedisConnection(URI url, String controlChannel, String clientName) {
        HostAndPort address = JedisURIHelper.getHostAndPort(url);
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
        // when the subscriber's connection dies, the pooled ones most likely did too
        this.subscriber = new RedisSubscriber(address, clientConfig, controlChannel, () -> commands.getPool().clear());
    }

    /** Starts the subscriber and waits up to {@code wait} for it to be up; Redis may come later. */
    public void start(Listener listener, Duration wait) {
        subscriber.start(listener);
        long deadline = System.nanoTime() + wait.toNanos();
        while (!subscriber.isUp() && System.nanoTime() < deadline) {
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
        return subscriber.isUp();
    }

    /** Runs commands on a pooled connection; {@link RedisUnavailableException} when Redis cannot be reached. */
    <T> T call(Function<UnifiedJedis, T> work) {
        if (!subscriber.isUp()) {
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
    Object run(Script script, List<String> keys, List<String> args) {
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
    CompletableFuture<Void> subscribe(String channel) {
        return subscriber.subscribe(channel);
    }

    void unsubscribe(String channel) {
        subscriber.unsubscribe(channel);
    }

    @Override
    public void close() {
        subscriber.close();
        commands.close();
    }
}
