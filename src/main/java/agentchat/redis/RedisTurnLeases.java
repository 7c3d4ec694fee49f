package agentchat.redis;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import agentchat.http.RedisUnavailableException;
import agentchat.live.TurnLeases;
import redis.clients.jedis.params.SetParams;

/**
 * {@link TurnLeases} in Redis: a chat's lease is the key {@code agentchat:chat:<id>:lease} with
 * the value "instance messageId", taken with {@code SET NX PX}, renewed by its owner every third
 * of its life (with the chat's journal) by a compare-and-expire script, and released by the last
 * publication of the turn (compare-and-delete in the same script). An owner that finds its lease
 * in other hands stops its turn; one that finds it gone (Redis lost its data) takes it again.
 */
public final class RedisTurnLeases implements TurnLeases, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RedisTurnLeases.class.getName());

    /** KEYS: lease, journal. ARGV: value, lease TTL, journal TTL. 1 = still ours, 0 = someone else's. */
    private static final RedisConnection.Script RENEW = RedisConnection.Script.of("""
            local holder = redis.call('GET', KEYS[1])
            if holder == ARGV[1] then
              redis.call('PEXPIRE', KEYS[1], ARGV[2])
            elseif not holder then
              redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            else
              return 0
            end
            redis.call('PEXPIRE', KEYS[2], ARGV[3])
            return 1
            """);

    /** KEYS: lease. ARGV: value. Deletes the lease if it holds the value. */
    private static final RedisConnection.Script RELEASE = RedisConnection.Script.of("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0
            """);

    /**
     * A lease this instance holds (while it is in {@code held}). Renewing and ending take its lock,
     * so that a renewal never runs after the end: its script would find the lease gone and take it
     * again (meant for a Redis that lost its data), and the chat would stay busy for the lease's
     * life after its turn.
     */
    private record Held(String value, Runnable onLost, ReentrantLock lock) {
    }

    private final RedisConnection redis;
    private final RedisChatBus bus;
    private final String instanceId;
    private final Duration ttl;
    private final Map<String, Held> held = new ConcurrentHashMap<>();
    /** Leases whose SET timed out: it may still have run, so they are released when Redis answers again. */
    private final Map<String, String> doubtful = new ConcurrentHashMap<>();
    private final Thread renewer;
    private volatile boolean closed;

    public RedisTurnLeases(RedisConnection redis, RedisChatBus bus, String instanceId, Duration ttl, Duration renewEvery) {
        this.redis = redis;
        this.bus = bus;
        this.instanceId = instanceId;
        this.ttl = ttl;
        this.renewer = Thread.ofVirtual().name("lease-renewer").start(() -> renewEvery(renewEvery));
    }

    @Override
    public Optional<Lease> acquire(String chatId, String messageId, Runnable onLost) {
        String value = instanceId + " " + messageId;
        boolean taken;
        try {
            taken = redis.call(r -> "OK".equals(r.set(RedisKeys.lease(chatId), value,
                    SetParams.setParams().nx().px(ttl.toMillis()))));
        } catch (RedisUnavailableException e) {
            doubtful.put(chatId, value);
            throw e;
        }
        if (!taken) {
            return Optional.empty();
        }
        Held lease = new Held(value, onLost, new ReentrantLock());
        held.put(chatId, lease);
        return Optional.of(lastEvents -> {
            lease.lock().lock();
            try {
                held.remove(chatId, lease);
            } finally {
                lease.lock().unlock();
            }
            bus.publishAndRelease(chatId, lastEvents, value);
        });
    }

    @Override
    public Optional<String> holder(String chatId) {
        String value = redis.call(r -> r.get(RedisKeys.lease(chatId)));
        return Optional.ofNullable(value).map(v -> v.substring(v.indexOf(' ') + 1));
    }

    private void renewEvery(Duration every) {
        while (!closed) {
            try {
                Thread.sleep(every);
            } catch (InterruptedException e) {
                return;
            }
            held.forEach(this::renew);
            doubtful.forEach(this::releaseDoubtful);
        }
    }

    private void releaseDoubtful(String chatId, String value) {
        try {
            redis.run(RELEASE, List.of(RedisKeys.lease(chatId)), List.of(value));
            doubtful.remove(chatId, value);
        } catch (RedisUnavailableException e) {
            LOG.log(Level.DEBUG, "Lease of chat " + chatId + " still in doubt");
        }
    }

    private void renew(String chatId, Held lease) {
        boolean lost;
        lease.lock().lock();
        try {
            if (held.get(chatId) != lease) {
                return; // ended (or lost) since the renewer read it
            }
            Object ours = redis.run(RENEW, List.of(RedisKeys.lease(chatId), RedisKeys.journal(chatId)),
                    List.of(lease.value(), String.valueOf(ttl.toMillis()),
                            String.valueOf(bus.journal().runningTtl().toMillis())));
            lost = Long.valueOf(0).equals(ours) && held.remove(chatId, lease);
        } catch (RedisUnavailableException e) {
            LOG.log(Level.DEBUG, "Could not renew the lease of chat " + chatId + "; retrying");
            return;
        } finally {
            lease.lock().unlock();
        }
        if (lost) {
            LOG.log(Level.WARNING, "The lease of chat " + chatId + " was taken over; stopping its turn here");
            lease.onLost().run();
        }
    }

    @Override
    public void close() {
        closed = true;
        renewer.interrupt();
    }
}
