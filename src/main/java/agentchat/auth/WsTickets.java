package agentchat.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Single-use tickets that let a browser open a chat's socket without putting its key in a URL.
 * A ticket is bound to one chat and one principal and expires after {@code ttl}.
 */
public final class WsTickets {

    private static final int MAX_OUTSTANDING = 100_000;

    private final Map<String, Grant> grants = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Duration ttl;
    private final Clock clock;

    public record Ticket(String ticket, Instant expiresAt) {
    }

    private record Grant(Principal principal, String chatId, Instant expiresAt) {
    }

    public WsTickets(Duration ttl, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
    }

    public Ticket issue(Principal principal, String chatId) {
        Instant now = clock.instant();
        if (grants.size() >= MAX_OUTSTANDING) {
            grants.values().removeIf(grant -> grant.expiresAt().isBefore(now));
        }
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant expiresAt = now.plus(ttl);
        grants.put(ticket, new Grant(principal, chatId, expiresAt));
        return new Ticket(ticket, expiresAt);
    }

    /** Uses up the ticket: its principal when it is valid for this chat, else empty. Either way it is gone. */
    public Optional<Principal> redeem(String ticket, String chatId) {
        if (ticket == null) {
            return Optional.empty();
        }
        Grant grant = grants.remove(ticket);
        if (grant == null || !grant.chatId().equals(chatId) || grant.expiresAt().isBefore(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(grant.principal());
    }
}
