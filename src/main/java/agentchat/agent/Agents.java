package agentchat.agent;

import agentchat.agent.claudecode.ClaudeCodeClient;

/** Chooses the {@link AgentClient} the settings call for. */
public final class Agents {

    private static final System.Logger LOG = System.getLogger(Agents.class.getName());

    private Agents() {
    }

    /** What a user is told when no provider is configured. */
    public static final String NOT_CONFIGURED_MESSAGE = NotConfiguredClient.HOW_TO_CONFIGURE;

    public static AgentClient create(AgentSettings settings, ToolRunner tools) {
        return create(settings, tools, null);
    }

    /**
     * @param claudeCode what the claude-code provider needs (its settings, the workspaces, the approval);
     *                   null where that provider cannot be chosen
     */
    public static AgentClient create(AgentSettings settings, ToolRunner tools, ClaudeCodeClient.Context claudeCode) {
        if (!settings.configured()) {
            LOG.log(System.Logger.Level.WARNING, "No agent configured: " + NotConfiguredClient.HOW_TO_CONFIGURE);
            return new NotConfiguredClient(settings);
        }
        LOG.log(System.Logger.Level.INFO, "Agent: {0}", settings);
        return switch (settings.provider()) {
            case AgentSettings.OPENAI -> new OpenAiClient(settings, tools);
            case AgentSettings.CLAUDE_CODE -> {
                if (claudeCode == null) {
                    throw new IllegalArgumentException("the claude-code provider needs its settings and workspaces");
                }
                yield new ClaudeCodeClient(claudeCode);
            }
            default -> new AnthropicClient(settings, tools);
        };
    }
}
