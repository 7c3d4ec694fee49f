package agentchat.agent;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with jitter, overridden by the upstream's own {@code retry-after}. */
record RetryPolicy(int maxRetries, Duration baseDelay, Duration maxDelay) {

    /** The longest retry-after we honour: a turn should fail visibly rather than hang for minutes. */
    static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(30);

    static RetryPolicy of(AgentSettings settings) {
        return new RetryPolicy(settings.maxRetries(), settings.retryBaseDelay(), settings.retryMaxDelay());
    }

    /** The wait before retry number {@code retry} (0 for the first retry). */
    Duration delay(int retry, Duration retryAfter) {
        if (retryAfter != null) {
            return retryAfter.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : retryAfter;
        }
        long exponential = baseDelay.toMillis() << Math.min(retry, 20);
        long capped = Math.min(exponential, maxDelay.toMillis());
        // "equal jitter": at least half the delay, so retries never bunch up near zero
        return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }

    /** Parses {@code retry-after} (seconds or an HTTP date) or {@code retry-after-ms}. */
    static Optional<Duration> parseRetryAfter(String retryAfter, String retryAfterMs, Instant now) {
        if (retryAfterMs != null) {
            try {
                return Optional.of(Duration.ofMillis(Math.max(0, (long) Double.parseDouble(retryAfterMs.strip()))));
            } catch (NumberFormatException ignored) {
                // fall through to retry-after
            }
        }
        if (retryAfter == null || retryAfter.isBlank()) {
            return Optional.empty();
        }
        String value = retryAfter.strip();
        try {
            return Optional.of(Duration.ofMillis(Math.max(0, (long) (Double.parseDouble(value) * 1000))));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(now, at);
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }
}
