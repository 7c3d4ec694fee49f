package agentchat.agent;

/** What a model costs, in US dollars per million tokens. */
public record ModelPrice(double inputPerMtok, double outputPerMtok) {

    public ModelPrice {
        if (inputPerMtok < 0 || outputPerMtok < 0) {
            throw new IllegalArgumentException("prices must not be negative: " + inputPerMtok + ", " + outputPerMtok);
        }
    }

    public double cost(long inputTokens, long outputTokens) {
        return (inputTokens * inputPerMtok + outputTokens * outputPerMtok) / 1_000_000.0;
    }
}
