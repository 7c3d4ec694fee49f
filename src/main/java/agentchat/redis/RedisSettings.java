package agentchat.redis;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import io.helidon.config.Config;

/**
 * How this instance shares live state with the others: {@code live.redis-url} (env
 * {@code REDIS_URL}; none = one instance, all in-process), {@code live.instance-id} (env
 * {@code INSTANCE_ID}, default random), and {@code live.owner-lease-seconds} (env
 * {@code LIVE_OWNER_LEASE_SECONDS}, default 15, 1 to 3600): the
 * longest an instance's death may leave its turns running in everybody's eyes.
 *
 * <p>The lease in Redis lives for 70% of that and is renewed every third of its life, so an owner
 * may miss a renewal without losing its turns; the reaper looks every tenth of it (at most every
 * second). From SIGKILL to the interrupted event: at most the Redis TTL plus one scan, which stays
 * inside {@code owner-lease-seconds}.
 */
public record RedisSettings(URI url, String instanceId, Duration ownerLease) {

    public static Optional<RedisSettings> from(Config live) {
        String url = live.get("redis-url").asString().orElse("").trim();
        if (url.isEmpty()) {
            return Optional.empty();
        }
        URI uri = URI.create(url);
        if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme())) {
            throw new IllegalArgumentException("REDIS_URL must be redis://host:port (or rediss://), not " + uri.getScheme());
        }
        String instanceId = live.get("instance-id").asString().orElse("").trim();
        if (instanceId.isEmpty()) {
            instanceId = UUID.randomUUID().toString().substring(0, 8);
        }
        if (!instanceId.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("INSTANCE_ID must be 1-64 of A-Z a-z 0-9 . _ -");
        }
        double seconds = live.get("owner-lease-seconds").asDouble().orElse(15.0);
        if (seconds < 1 || seconds > 3600) {
            throw new IllegalArgumentException("live.owner-lease-seconds must be between 1 and 3600");
        }
        return Optional.of(new RedisSettings(uri, instanceId, Duration.ofMillis((long) (seconds * 1000))));
    }

    /** How long a lease lives in Redis without renewal. */
    public Duration leaseTtl() {
        return Duration.ofMillis(ownerLease.toMillis() * 7 / 10);
    }

    public Duration renewEvery() {
        return leaseTtl().dividedBy(3);
    }

    public Duration reapEvery() {
        return Duration.ofMillis(Math.min(1000, ownerLease.toMillis() / 10));
    }

    /** The URL without its password, for logs. */
    public String safeUrl() {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "");
    }
}
