package agentchat.redis;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import agentchat.config.ConfigLoader;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Several instances are configured from the environment, as a container is; a wrong value stops the start with a clear message. */
class RedisSettingsTest {

    private static Optional<RedisSettings> fromEnvironment(Map<String, String> env) {
        return RedisSettings.from(ConfigLoader.load(env, Map.of()).get("live"));
    }

    @Test
    void withoutRedisUrlThereIsOneInstance() {
        assertThat(fromEnvironment(Map.of()), is(Optional.empty()));
    }

    @Test
    void theEnvironmentSetsTheUrlTheInstanceAndTheOwnerLease() {
        RedisSettings settings = fromEnvironment(Map.of("REDIS_URL", "redis://:secret@cache.internal:6380/2",
                "INSTANCE_ID", "web-1", "LIVE_OWNER_LEASE_SECONDS", "6")).orElseThrow();
        assertThat(settings.instanceId(), is("web-1"));
        assertThat(settings.ownerLease(), is(Duration.ofSeconds(6)));
        assertThat(settings.leaseTtl(), is(Duration.ofMillis(4200)));
        assertThat("no password in what is logged", settings.safeUrl(), is("redis://cache.internal:6380"));
    }

    @Test
    void theOwnerLeaseDefaultsToFifteenSeconds() {
        assertThat(fromEnvironment(Map.of("REDIS_URL", "redis://127.0.0.1:6379")).orElseThrow().ownerLease(),
                is(Duration.ofSeconds(15)));
    }

    @Test
    void wrongValuesAreRefusedWithTheirName() {
        assertThat(assertThrows(IllegalArgumentException.class, () -> fromEnvironment(Map.of(
                "REDIS_URL", "http://127.0.0.1:6379"))).getMessage(), containsString("REDIS_URL"));
        assertThat(assertThrows(IllegalArgumentException.class, () -> fromEnvironment(Map.of(
                "REDIS_URL", "redis://127.0.0.1:6379", "INSTANCE_ID", "a b"))).getMessage(), containsString("INSTANCE_ID"));
        assertThat(assertThrows(IllegalArgumentException.class, () -> fromEnvironment(Map.of(
                "REDIS_URL", "redis://127.0.0.1:6379", "LIVE_OWNER_LEASE_SECONDS", "0.5"))).getMessage(),
                containsString("owner-lease-seconds"));
    }
}
