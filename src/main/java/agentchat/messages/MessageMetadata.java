package agentchat.messages;

/**
 * What is known about how an assistant message was produced. Any field may be null.
 * inputTokens counts uncached input only; cacheReadTokens and cacheWriteTokens count the rest.
 * stopReason is one of end_turn, max_tokens, max_turns, cancelled, error, interrupted.
 * sessionResumed (claude-code provider): true when the chat's session was resumed, false when it
 * could not be and a new session was given the stored conversation instead.
 */
public record MessageMetadata(Double totalCostUsd,
                              Long inputTokens,
                              Long outputTokens,
                              Long cacheReadTokens,
                              Long cacheWriteTokens,
                              Long durationMs,
                              String model,
                              String stopReason,
                              String errorCode,
                              Boolean sessionResumed) {

    public static final MessageMetadata EMPTY = new MessageMetadata(null, null, null, null, null, null, null, null, null);

    public MessageMetadata(Double totalCostUsd, Long inputTokens, Long outputTokens, Long cacheReadTokens,
                           Long cacheWriteTokens, Long durationMs, String model, String stopReason, String errorCode) {
        this(totalCostUsd, inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens, durationMs, model, stopReason,
                errorCode, null);
    }

    /** Only a stop reason (a turn that ended before anything was counted). */
    public static MessageMetadata stoppedBy(String stopReason) {
        return EMPTY.withStopReason(stopReason);
    }

    public MessageMetadata withStopReason(String reason) {
        return new MessageMetadata(totalCostUsd, inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens,
                durationMs, model, reason, errorCode, sessionResumed);
    }
}
