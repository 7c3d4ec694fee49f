package agentchat.agent;

/**
 * Tokens spent by a turn, summed over its model calls, and their price. {@code inputTokens} counts
 * uncached input only; cache reads and writes are counted apart. {@code costUsd} is null when the
 * model has no price in the price table.
 */
public record Usage(long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens, Double costUsd) {

    public static final Usage NONE = new Usage(0, 0, 0, 0, null);
}
