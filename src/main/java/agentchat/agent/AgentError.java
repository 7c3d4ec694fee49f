package agentchat.agent;

/**
 * A failed turn. {@code code} is one of UPSTREAM_ERROR, UPSTREAM_TIMEOUT, UPSTREAM_AUTH,
 * AGENT_NOT_CONFIGURED; {@code usage} counts what was spent before the failure;
 * {@code sessionResumed} as in {@link AgentResult}.
 */
public record AgentError(String code,
                         String message,
                         String sessionId,
                         String model,
                         Usage usage,
                         Boolean sessionResumed) {

    public AgentError(String code, String message, String sessionId, String model, Usage usage) {
        this(code, message, sessionId, model, usage, null);
    }
}
