package agentchat.redis;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import agentchat.live.TurnLeases;
import agentchat.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * The lease of a chat against a real Redis, with the renewer running as often as it can: a turn
 * that has ended must leave its chat free at once. (A renewal that had read the lease just before
 * the turn ended used to run after the release and take the chat again, so a client that sent its
 * next message on {@code status: idle} got CHAT_BUSY for up to the lease's life.)
 */
class RedisTurnLeasesTest {

    private static RedisServer redis;
    private static RedisConnection connection;
    private static RedisTurnLeases leases;

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
        RedisSettings settings = new RedisSettings(URI.create(redis.url()), "leases-test", Duration.ofSeconds(15));
        connection = new RedisConnection(settings);
        RedisChatBus bus = new RedisChatBus(connection, settings.instanceId(), settings.leaseTtl());
        connection.start(bus, Duration.ofSeconds(3));
        leases = new RedisTurnLeases(connection, bus, settings.instanceId(), settings.leaseTtl(), Duration.ofNanos(1));
    }

    @AfterAll
    static void stop() throws Exception {
        leases.close();
        connection.close();
        redis.close();
    }

    @Test
    void aChatIsFreeAsSoonAsItsTurnEndsWhateverTheRenewerIsDoing() {
        String chatId = UUID.randomUUID().toString();
        for (int turn = 0; turn < 400; turn++) {
            Optional<TurnLeases.Lease> lease = leases.acquire(chatId, "message-" + turn, () -> { });
            assertThat("turn " + turn + " takes the chat", lease.isPresent(), is(true));
            lease.get().end(List.of("{\"type\":\"status\",\"status\":\"idle\"}"));
            assertThat("the chat is free after turn " + turn, leases.holder(chatId), is(Optional.empty()));
        }
    }

    @Test
    void aSecondTurnOfTheSameChatIsRefusedWhileTheFirstHoldsIt() {
        String chatId = UUID.randomUUID().toString();
        TurnLeases.Lease first = leases.acquire(chatId, "first", () -> { }).orElseThrow();
        assertThat(leases.acquire(chatId, "second", () -> { }).isPresent(), is(false));
        assertThat(leases.holder(chatId), is(Optional.of("first")));
        first.release();
        assertThat(leases.acquire(chatId, "third", () -> { }).isPresent(), is(true));
    }
}
