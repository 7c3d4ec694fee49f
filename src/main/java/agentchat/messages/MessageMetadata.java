package agentchat.messages;

/**
 * What is known about how an assistant message was produced. Any field may be null.
 * stopReason is one of end_turn, max_tokens, max_turns, cancelled, error, interrupted.
 */
public record MessageMetadata(Double totalCostUsd,
                              Long inputTokens,
                              Long outputTokens,
                              Long durationMs,
                              String model,
                              String stopReason,
                              String errorCode) {

    public static final MessageMetadata EMPTY = new MessageMetadata(null, null, null, null, null, null, null);

    public MessageMetadata withStopReason(String reason) {
        return new MessageMetadata(totalCostUsd, inputTokens, outputTokens, durationMs, model, reason, errorCode);
    }
}
