package agentchat.agent;

import java.util.Optional;

/**
 * The tokens of a turn's model calls, summed, and their price: each call priced by the model that
 * answered it (as the upstream names it), else by the model that was asked for. The cost is
 * unknown (null) as soon as one call's model has no price.
 */
final class TurnUsage {

    private final AgentSettings settings;
    private final String requestedModel;
    private long inputTokens;
    private long outputTokens;
    private long cacheReadTokens;
    private long cacheWriteTokens;
    private double costUsd;
    private boolean priced = true;

    TurnUsage(AgentSettings settings, String requestedModel) {
        this.settings = settings;
        this.requestedModel = requestedModel;
    }

    /** Counts a finished (or abandoned) model call. */
    void add(ReplyAccumulator reply) {
        inputTokens += reply.inputTokens();
        outputTokens += reply.outputTokens();
        cacheReadTokens += reply.cacheReadTokens();
        cacheWriteTokens += reply.cacheWriteTokens();
        Optional<Double> cost = cost(reply);
        priced &= cost.isPresent();
        costUsd += cost.orElse(0.0);
    }

    /** Everything counted, plus the call still streaming when there is one. */
    Usage total(ReplyAccumulator current) {
        if (current == null) {
            return new Usage(inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens, priced ? costUsd : null);
        }
        Optional<Double> cost = cost(current);
        return new Usage(inputTokens + current.inputTokens(), outputTokens + current.outputTokens(),
                         cacheReadTokens + current.cacheReadTokens(), cacheWriteTokens + current.cacheWriteTokens(),
                         priced && cost.isPresent() ? costUsd + cost.get() : null);
    }

    private Optional<Double> cost(ReplyAccumulator reply) {
        return settings.priceOf(reply.model())
                .or(() -> settings.priceOf(requestedModel))
                .map(price -> price.cost(reply.inputTokens(), reply.outputTokens(), reply.cacheReadTokens(),
                                         reply.cacheWriteTokens(), settings.cacheTtl()));
    }
}
