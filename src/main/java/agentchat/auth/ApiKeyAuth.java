package agentchat.auth;

import java.util.Optional;

import agentchat.http.ApiException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** The gate in front of every /api route: a valid key or 401; the caller's principal goes into the request context. */
public final class ApiKeyAuth implements Handler {

    private final ApiKeys keys;

    public ApiKeyAuth(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        Principal principal = keys.authenticate(bearerToken(req).orElse(null))
                .orElseThrow(ApiException::unauthorized);
        req.context().register(principal);
        res.next();
    }

    public Optional<Principal> authenticate(String key) {
        return keys.authenticate(key);
    }

    /** The principal {@link #handle} registered for this request. */
    public static Principal principal(ServerRequest req) {
        return req.context().get(Principal.class).orElseThrow(ApiException::unauthorized);
    }

    public static Optional<String> bearerToken(ServerRequest req) {
        return req.headers().first(HeaderNames.AUTHORIZATION)
                .filter(value -> value.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(value -> value.substring(7).trim());
    }
}
