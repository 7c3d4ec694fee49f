package agentchat.live;

import java.util.List;
import java.util.Optional;

/**
 * One generation per chat: a turn holds its chat's lease from before its first event until its
 * last. {@link InProcessTurnLeases} keeps them in this instance; {@code redis.RedisTurnLeases}
 * in Redis, with an owner that renews them while the turn runs, so that every instance sees them
 * and a dead owner's lease runs out.
 */
public interface TurnLeases {

    /**
     * Takes the chat for the turn of {@code messageId}, or empty while another turn holds it (on
     * any instance). {@code onLost} runs if the lease is later found taken by someone else (its
     * owner was presumed dead): the turn must then stop without storing or announcing its end.
     */
    Optional<Lease> acquire(String chatId, String messageId, Runnable onLost);

    /** The message whose turn holds the chat now, if any. */
    Optional<String> holder(String chatId);

    /** A held chat. */
    interface Lease {

        /**
         * Publishes the turn's last events and lets the chat go, as one step: whoever sees the last
         * event can start the next turn, and no event of a next turn comes before it.
         */
        void end(List<String> lastEvents);

        /** Lets the chat go without events. */
        default void release() {
            end(List.of());
        }
    }
}
