package agentchat;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import agentchat.auth.InProcessWsTickets;
import agentchat.auth.WsTickets;
import agentchat.live.ChatBus;
import agentchat.live.InProcessChatBus;
import agentchat.live.InProcessTurnLeases;
import agentchat.live.TurnLeases;
import agentchat.live.TurnReaper;
import agentchat.messages.MessageRepository;
import agentchat.redis.RedisChatBus;
import agentchat.redis.RedisConnection;
import agentchat.redis.RedisSettings;
import agentchat.redis.RedisTurnLeases;
import agentchat.redis.RedisWsTickets;

/**
 * Where the live state lives — the chat bus, the turn leases and the socket tickets: in this process
 * (one instance, the default), or in Redis, shared by every instance (REDIS_URL). The one place
 * that chooses.
 *
 * @param redis null on one instance
 */
record LiveState(ChatBus bus, TurnLeases leases, WsTickets tickets, RedisConnection redis, AutoCloseable background)
        implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(LiveState.class.getName());

    static LiveState choose(Optional<RedisSettings> redis, Duration ticketTtl, MessageRepository messages, Clock clock) {
        return redis.isPresent() ? shared(redis.get(), ticketTtl, messages, clock) : inProcess(ticketTtl, messages, clock);
    }

    /** One instance: a turn left streaming was this process's own, so the start marks it interrupted. */
    private static LiveState inProcess(Duration ticketTtl, MessageRepository messages, Clock clock) {
        InProcessChatBus bus = new InProcessChatBus();
        int recovered = messages.recoverInterrupted(clock.instant());
        if (recovered > 0) {
            LOG.log(Level.WARNING, "Marked " + recovered + " unfinished message(s) from a previous run as interrupted");
        }
        return new LiveState(bus, new InProcessTurnLeases(bus), new InProcessWsTickets(ticketTtl, clock), null, () -> { });
    }

    /**
     * Several instances: no start-up recovery (the turns left streaming may be live instances'); the
     * reaper ends those whose instance died, once their lease runs out.
     */
    private static LiveState shared(RedisSettings settings, Duration ticketTtl, MessageRepository messages, Clock clock) {
        RedisConnection redis = new RedisConnection(settings);
        RedisChatBus bus = new RedisChatBus(redis, settings.instanceId(), settings.leaseTtl());
        redis.start(bus, Duration.ofSeconds(3)); // then serve anyway: REST works without Redis
        LOG.log(Level.INFO, "Instance " + settings.instanceId() + " shares live state through " + settings.safeUrl()
                + " (Redis " + (redis.isUp() ? "up" : "not reachable yet") + ")");
        RedisTurnLeases leases = new RedisTurnLeases(redis, bus, settings.instanceId(), settings.leaseTtl(),
                settings.renewEvery());
        TurnReaper reaper = new TurnReaper(messages, leases, bus, clock, settings.reapEvery());
        return new LiveState(bus, leases, new RedisWsTickets(redis, ticketTtl, clock), redis, () -> {
            reaper.close();
            leases.close();
        });
    }

    /** "off" on one instance, else whether Redis answers. */
    String redisHealth() {
        return redis == null ? "off" : redis.isUp() ? "up" : "down";
    }

    @Override
    public void close() throws Exception {
        background.close();
        if (redis != null) {
            redis.close();
        }
    }
}
