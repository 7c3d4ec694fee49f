package agentchat.redis;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import agentchat.auth.Principal;
import agentchat.auth.WsTickets;
import redis.clients.jedis.params.SetParams;

/**
 * {@link WsTickets} in Redis, so a ticket from one instance opens a socket on any other: the key
 * {@code agentchat:ticket:<t>} holds "chatId principal" for the ticket's lifetime
 * ({@code SET PX}) and is read and deleted in one step ({@code GETDEL}), so it is used once.
 */
public final class RedisWsTickets implements WsTickets {

    private final RedisConnection redis;
    private final Duration ttl;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public RedisWsTickets(RedisConnection redis, Duration ttl, Clock clock) {
        this.redis = redis;
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public Ticket issue(Principal principal, String chatId) {
        String ticket = WsTickets.newTicket(random);
        Instant expiresAt = clock.instant().plus(ttl);
        redis.call(r -> r.set(RedisKeys.ticket(ticket), chatId + " " + principal.name(),
                SetParams.setParams().px(ttl.toMillis())));
        return new Ticket(ticket, expiresAt);
    }

    @Override
    public Optional<Principal> redeem(String ticket, String chatId) {
        if (ticket == null || ticket.isEmpty() || ticket.length() > 100) {
            return Optional.empty();
        }
        String grant = redis.call(r -> r.getDel(RedisKeys.ticket(ticket)));
        if (grant == null) {
            return Optional.empty();
        }
        int space = grant.indexOf(' ');
        if (!grant.substring(0, space).equals(chatId)) {
            return Optional.empty();
        }
        return Optional.of(new Principal(grant.substring(space + 1)));
    }
}
