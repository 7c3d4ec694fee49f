package agentchat.live;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import agentchat.auth.ApiKeyAuth;
import agentchat.auth.Principal;
import agentchat.auth.WsTickets;
import agentchat.chats.Chats;
import agentchat.http.ApiException;
import agentchat.http.QueryFlag;
import agentchat.json.Texts;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.http.spi.ProtocolUpgradeHandler;
import io.helidon.webserver.websocket.WsUpgrader;

/**
 * GET /api/chats/{id}/ws, judged before the protocol switch: a foreign Origin is 403, a bad
 * {@code imageData} flag 400, a bad key or ticket 401, an unknown (or invisible) chat 404 — all as
 * JSON. An admitted handshake is handed to the socket listener through {@link Admissions}.
 */
final class WsUpgradePolicy implements ProtocolUpgradeHandler {

    private final ApiKeyAuth keys;
    private final WsTickets tickets;
    private final Chats chats;
    private final Admissions admissions;
    private final List<String> allowedOrigins;

    WsUpgradePolicy(ApiKeyAuth keys, WsTickets tickets, Chats chats, Admissions admissions, List<String> allowedOrigins) {
        this.keys = keys;
        this.tickets = tickets;
        this.chats = chats;
        this.admissions = admissions;
        this.allowedOrigins = allowedOrigins.stream().map(WsUpgradePolicy::normalizeOrigin).toList();
    }

    @Override
    public void handleProtocolUpgrade(ServerRequest req, ServerResponse res) {
        String chatId = admit(req);
        admissions.admit(req.headers().first(WsUpgrader.WS_KEY).orElseThrow(), chatId);
        res.next();
    }

    /** A plain GET (no upgrade): same checks, then 426. */
    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        admit(req);
        throw new ApiException(426, "UPGRADE_REQUIRED", "This endpoint is a WebSocket; send an upgrade request");
    }

    private String admit(ServerRequest req) {
        String origin = req.headers().first(OriginDeferringUpgradeProvider.DEFERRED_ORIGIN)
                .or(() -> req.headers().first(HeaderNames.ORIGIN))
                .orElse(null);
        if (origin != null && !originAllowed(origin, req.headers().first(HeaderNames.HOST).orElse(""))) {
            throw new ApiException(403, "ORIGIN_NOT_ALLOWED", "Origin not allowed: " + Texts.abbreviate(origin, 100));
        }
        QueryFlag.read(req.query(), "imageData", true); // refused here, as JSON, not after the upgrade (nor a ticket spent)
        String chatId = req.path().pathParameters().first("id").orElse("");
        Principal principal = authenticate(req, chatId).orElseThrow(ApiException::unauthorized);
        return chats.find(principal, chatId).orElseThrow(() -> ApiException.notFound("Chat")).id();
    }

    private Optional<Principal> authenticate(ServerRequest req, String chatId) {
        Optional<String> ticket = req.query().first("ticket").asOptional();
        if (ticket.isPresent()) {
            return tickets.redeem(ticket.get(), chatId);
        }
        Optional<String> key = req.query().first("token").asOptional().or(() -> ApiKeyAuth.bearerToken(req));
        return key.flatMap(keys::authenticate);
    }

    private boolean originAllowed(String origin, String host) {
        String normalized = normalizeOrigin(origin);
        if (allowedOrigins.contains("*") || allowedOrigins.contains(normalized)) {
            return true;
        }
        try {
            URI uri = URI.create(origin);
            if (uri.getHost() == null || uri.getScheme() == null) {
                return false;
            }
            int port = uri.getPort() != -1 ? uri.getPort() : defaultPort(uri.getScheme());
            return authority(uri.getHost(), port).equals(hostAuthority(host, uri.getScheme()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String hostAuthority(String host, String scheme) {
        try {
            URI uri = URI.create("http://" + host);
            if (uri.getHost() == null) {
                return "";
            }
            return authority(uri.getHost(), uri.getPort() != -1 ? uri.getPort() : defaultPort(scheme));
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static String authority(String host, int port) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return bare.toLowerCase(Locale.ROOT) + ":" + port;
    }

    private static int defaultPort(String scheme) {
        return scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("wss") ? 443 : 80;
    }

    private static String normalizeOrigin(String origin) {
        String trimmed = origin.trim().toLowerCase(Locale.ROOT);
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }

}
