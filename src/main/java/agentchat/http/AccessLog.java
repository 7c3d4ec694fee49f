package agentchat.http;

import java.lang.System.Logger.Level;

import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/** One line per request: method, path, query with secrets redacted, status, time. Never the key. */
public final class AccessLog implements Filter {

    private static final System.Logger LOG = System.getLogger("agentchat.access");

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        long start = System.nanoTime();
        try {
            chain.proceed();
        } finally {
            if (LOG.isLoggable(Level.INFO)) {
                String query = redact(req.query().rawValue());
                LOG.log(Level.INFO, "%s %s%s %d %dms".formatted(
                        req.prologue().method().text(),
                        req.prologue().uriPath().rawPath(),
                        query.isEmpty() ? "" : "?" + query,
                        res.status().code(),
                        (System.nanoTime() - start) / 1_000_000));
            }
        }
    }

    /** Replaces the values of {@code token} and {@code ticket} with {@code ***}. */
    public static String redact(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        return rawQuery.replaceAll("(?i)(^|&)(token|ticket|key|api_key)=[^&]*", "$1$2=***");
    }
}
