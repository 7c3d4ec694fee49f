package agentchat.http;

/**
 * Redis, which several instances share for live state (tickets, turns, events), could not be
 * reached in time: 503 {@code REDIS_UNAVAILABLE} on REST, an {@code error} event on a socket.
 */
public class RedisUnavailableException extends ApiException {

    public static final String CODE = "REDIS_UNAVAILABLE";

    public RedisUnavailableException(String message, Throwable cause) {
        super(503, CODE, message);
        if (cause != null) {
            initCause(cause);
        }
    }
}
