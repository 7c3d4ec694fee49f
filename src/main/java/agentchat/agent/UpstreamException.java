package agentchat.agent;

import java.time.Duration;

/** A failed model call, already classified into the error code the turn ends with. */
final class UpstreamException extends RuntimeException {

    static final String UPSTREAM_ERROR = "UPSTREAM_ERROR";
    static final String UPSTREAM_TIMEOUT = "UPSTREAM_TIMEOUT";
    static final String UPSTREAM_AUTH = "UPSTREAM_AUTH";
    static final String AGENT_NOT_CONFIGURED = "AGENT_NOT_CONFIGURED";

    private final String code;
    private final boolean retryable;
    private final Duration retryAfter;

    UpstreamException(String code, String message, boolean retryable, Duration retryAfter) {
        super(message);
        this.code = code;
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    static UpstreamException fatal(String code, String message) {
        return new UpstreamException(code, message, false, null);
    }

    static UpstreamException retryable(String code, String message) {
        return new UpstreamException(code, message, true, null);
    }

    String code() {
        return code;
    }

    /** Whether the same request may succeed when sent again (overload, rate limit, dropped connection). */
    boolean retryable() {
        return retryable;
    }

    /** The wait the upstream asked for, or null. */
    Duration retryAfter() {
        return retryAfter;
    }
}
