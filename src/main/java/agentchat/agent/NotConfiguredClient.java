package agentchat.agent;

/** Stands in for a provider until one is configured: every turn fails, saying how to configure it. */
final class NotConfiguredClient implements AgentClient {

    static final String HOW_TO_CONFIGURE = "The agent is not configured. Set AGENT_API_KEY (or ANTHROPIC_API_KEY) "
            + "for Anthropic, or AGENT_PROVIDER=openai with AGENT_API_KEY (or OPENAI_API_KEY) for OpenAI; "
            + "for an OpenAI-compatible server without a key (Ollama, vLLM, ...) set AGENT_PROVIDER=openai "
            + "and AGENT_BASE_URL, e.g. http://localhost:11434. Then restart the server.";

    private final AgentSettings settings;

    NotConfiguredClient(AgentSettings settings) {
        this.settings = settings;
    }

    @Override
    public void sendMessage(TurnRequest request, AgentCallbacks callbacks) {
        callbacks.onError(new AgentError(UpstreamException.AGENT_NOT_CONFIGURED, HOW_TO_CONFIGURE, request.sessionId(),
                                         settings.model(), Usage.NONE));
    }

    @Override
    public void cancel(String chatId) {
        // nothing ever runs
    }

    @Override
    public void close() {
        // nothing to release
    }
}
