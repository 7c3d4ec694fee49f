package agentchat.agent;

/** Reads one provider's stream events into a {@link ReplyAccumulator}. */
interface StreamDecoder {

    /**
     * Applies one event.
     *
     * @return true when the stream is over and nothing more needs reading
     * @throws UpstreamException for an error the upstream reported inside the stream
     */
    boolean accept(SseEvent event);
}
