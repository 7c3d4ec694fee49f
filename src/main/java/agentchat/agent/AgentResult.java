package agentchat.agent;

/**
 * How a turn ended, with what it spent (summed over every model call of the turn).
 * {@code sessionResumed} is for providers with sessions of their own (claude-code): true when the
 * chat's session was resumed, false when it could not be and a new one was started, null otherwise.
 */
public record AgentResult(String stopReason,
                          String sessionId,
                          String model,
                          Usage usage,
                          Boolean sessionResumed) {

    public AgentResult(String stopReason, String sessionId, String model, Usage usage) {
        this(stopReason, sessionId, model, usage, null);
    }
}
