package agentchat.agent;

import java.time.Duration;
import java.util.Locale;

/** How long Anthropic keeps a prompt-cache entry after its last use; the longer one costs more to write. */
public enum CacheTtl {

    FIVE_MINUTES("5m", Duration.ofMinutes(5)),
    ONE_HOUR("1h", Duration.ofHours(1));

    private final String wire;
    private final Duration duration;

    CacheTtl(String wire, Duration duration) {
        this.wire = wire;
        this.duration = duration;
    }

    /** "5m" or "1h", as the API's {@code cache_control.ttl} and the configuration spell it. */
    public String wire() {
        return wire;
    }

    public Duration duration() {
        return duration;
    }

    public static CacheTtl parse(String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        for (CacheTtl ttl : values()) {
            if (ttl.wire.equals(value)) {
                return ttl;
            }
        }
        throw new IllegalArgumentException("agent.prompt-cache-ttl must be 5m or 1h, not: " + text);
    }
}
