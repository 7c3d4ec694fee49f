package agentchat.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link WsTickets} of one instance, in memory. */
public final class InProcessWsTickets implements WsTickets {

    private static final int MAX_OUTSTANDING = 100_000;

    private final Map<String, Grant> grants = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Duration ttl;
    private final Clock clock;

    private record Grant(Principal principal, String chatId, Instant expiresAt) {
    }

    public InProcessWsTickets(Duration ttl, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public Ticket issue(Principal principal, String chatId) {
        Instant now = clock.instant();
        if (grants.size() >= MAX_OUTSTANDING) {
            grants.values().removeIf(grant -> grant.expiresAt().isBefore(now));
        }
        String ticket = WsTickets.newTicket(random);
        Instant expiresAt = now.plus(ttl);
        grants.put(ticket, new Grant(principal, chatId, expiresAt));
        return new Ticket(ticket, expiresAt);
    }

    @Override
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
