package agentchat.agent;

/** How a turn ended, with what it spent (summed over every model call of the turn). */
public record AgentResult(String stopReason,
                          String sessionId,
                          String model,
                          Usage usage) {
}
