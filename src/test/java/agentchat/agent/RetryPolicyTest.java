package agentchat.agent;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(3, Duration.ofMillis(500), Duration.ofMillis(8000));

    @Test
    void retryAfterInSecondsIsParsed() {
        assertThat(RetryPolicy.parseRetryAfter("2", null, Instant.now()).orElseThrow(), is(Duration.ofSeconds(2)));
    }

    @Test
    void retryAfterAsHttpDateIsTheTimeUntilThen() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(now.plusSeconds(5).atOffset(ZoneOffset.UTC));

        assertThat(RetryPolicy.parseRetryAfter(date, null, now).orElseThrow(), is(Duration.ofSeconds(5)));
    }

    @Test
    void retryAfterMsWins() {
        assertThat(RetryPolicy.parseRetryAfter("9", "250", Instant.now()).orElseThrow(), is(Duration.ofMillis(250)));
    }

    @Test
    void garbageRetryAfterIsIgnored() {
        assertThat(RetryPolicy.parseRetryAfter("soon", null, Instant.now()).isPresent(), is(false));
    }

    @Test
    void retryAfterIsCappedAtThirtySeconds() {
        assertThat(policy.delay(0, Duration.ofMinutes(10)), is(Duration.ofSeconds(30)));
    }

    @RepeatedTest(5)
    void backoffGrowsExponentiallyWithJitterUpToTheCap() {
        assertThat(policy.delay(0, null).toMillis(), allOf(greaterThanOrEqualTo(250L), lessThanOrEqualTo(500L)));
        assertThat(policy.delay(2, null).toMillis(), allOf(greaterThanOrEqualTo(1000L), lessThanOrEqualTo(2000L)));
        assertThat(policy.delay(10, null).toMillis(), allOf(greaterThanOrEqualTo(4000L), lessThanOrEqualTo(8000L)));
    }
}
