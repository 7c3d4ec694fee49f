package agentchat.agent;

/**
 * How a turn ended. Token counts are summed over every model call of the turn; cost is null when
 * the model has no price in the price table.
 */
public record AgentResult(String stopReason,
                          String sessionId,
                          String model,
                          long inputTokens,
                          long outputTokens,
                          Double costUsd) {
}
