package agentchat.agent;

/**
 * What a model costs, in US dollars per million tokens: uncached input, output, cache reads, and
 * cache writes for each cache lifetime. {@link #of(double, double)} derives the cache prices from
 * the input price by Anthropic's standard multipliers (read 0.1×, 5-minute write 1.25×, 1-hour
 * write 2×); models whose provider prices them otherwise list them explicitly.
 */
public record ModelPrice(double inputPerMtok,
                         double outputPerMtok,
                         double cacheReadPerMtok,
                         double cacheWrite5mPerMtok,
                         double cacheWrite1hPerMtok) {

    static final double READ_MULTIPLIER = 0.1;
    static final double WRITE_5M_MULTIPLIER = 1.25;
    static final double WRITE_1H_MULTIPLIER = 2.0;

    public ModelPrice {
        for (double price : new double[] {inputPerMtok, outputPerMtok, cacheReadPerMtok, cacheWrite5mPerMtok,
                cacheWrite1hPerMtok}) {
            if (price < 0 || Double.isNaN(price)) {
                throw new IllegalArgumentException("prices must not be negative: " + price);
            }
        }
    }

    /** Input and output prices; cache prices by the standard multipliers. */
    public static ModelPrice of(double inputPerMtok, double outputPerMtok) {
        return of(inputPerMtok, outputPerMtok, inputPerMtok * READ_MULTIPLIER);
    }

    /** Input, output and cache-read prices (OpenAI's "cached input"); cache writes by the multipliers. */
    public static ModelPrice of(double inputPerMtok, double outputPerMtok, double cacheReadPerMtok) {
        return new ModelPrice(inputPerMtok, outputPerMtok, cacheReadPerMtok,
                              inputPerMtok * WRITE_5M_MULTIPLIER, inputPerMtok * WRITE_1H_MULTIPLIER);
    }

    /** The price of one model call's tokens; cache writes at the price of the lifetime they were written with. */
    public double cost(long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens,
                       CacheTtl ttl) {
        double write = ttl == CacheTtl.ONE_HOUR ? cacheWrite1hPerMtok : cacheWrite5mPerMtok;
        return (inputTokens * inputPerMtok + outputTokens * outputPerMtok + cacheReadTokens * cacheReadPerMtok
                + cacheWriteTokens * write) / 1_000_000.0;
    }
}
