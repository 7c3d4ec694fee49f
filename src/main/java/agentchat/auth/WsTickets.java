package agentchat.auth;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Single-use tickets that let a browser open a chat's socket without putting its key in a URL.
 * A ticket is bound to one chat and one principal and expires after a short time.
 * {@link InProcessWsTickets} keeps them in one instance; {@code redis.RedisWsTickets} in Redis,
 * so that a ticket issued by one instance is accepted by every other.
 */
public interface WsTickets {

    record Ticket(String ticket, Instant expiresAt) {
    }

    Ticket issue(Principal principal, String chatId);

    /** Uses up the ticket: its principal when it is valid for this chat, else empty. Either way it is gone. */
    Optional<Principal> redeem(String ticket, String chatId);

    /** 24 random bytes, URL-safe. */
    static String newTicket(SecureRandom random) {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
