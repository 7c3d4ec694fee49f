package agentchat.agent.claudecode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import agentchat.agent.AgentSettings;
import agentchat.tools.ApprovalMode;
import agentchat.tools.ToolSettings;
import io.helidon.config.Config;

/**
 * How the {@code claude-code} provider runs the Claude Code CLI (config node {@code agent.claude-code},
 * plus the agent and tool settings it shares with the other providers).
 *
 * @param command       the executable: a name looked up on PATH or a path (env AGENT_CLAUDE_CODE_COMMAND)
 * @param versionCheck  run {@code <command> --version} at start and log what was found
 * @param extraArgs     appended to every invocation, after agentchat's own arguments
 * @param model         the model of chats that name none ({@code agent.claude-code.model}, else {@code agent.model})
 * @param env           extra environment variables for the CLI (e.g. CLAUDE_CODE_MAX_OUTPUT_TOKENS)
 * @param home          the CLI's HOME: its settings and sessions ({@code .claude/projects/...}) live there
 * @param idleTimeout   longest silence of the CLI before the turn is abandoned (not counted while an
 *                      approval waits); above the longest Bash command the CLI allows (10 minutes)
 * @param baseUrl       becomes ANTHROPIC_BASE_URL
 * @param apiKey        becomes ANTHROPIC_API_KEY (may be blank for a gateway that needs none)
 * @param maxTurns      becomes {@code --max-turns}
 * @param maxRetries    becomes CLAUDE_CODE_MAX_RETRIES
 * @param historyBudgetChars how much of the stored conversation a new session is given when resuming fails
 *                      ({@code agent.history-budget-tokens} at four characters a token)
 * @param tools         agentchat's enabled tools (AGENT_TOOLS), which the CLI's tools of the same names follow
 * @param approval      which tool calls wait for a user (AGENT_TOOL_APPROVAL)
 * @param outputMaxChars most characters of one tool result kept (agent.tools.output-max-chars)
 */
public record ClaudeCodeSettings(String command,
                                 boolean versionCheck,
                                 List<String> extraArgs,
                                 String model,
                                 Map<String, String> env,
                                 Path home,
                                 Duration idleTimeout,
                                 String baseUrl,
                                 String apiKey,
                                 int maxTurns,
                                 int maxRetries,
                                 int historyBudgetChars,
                                 List<String> tools,
                                 ApprovalMode approval,
                                 int outputMaxChars) {

    /** The CLI version the tests run against (claude-code/package-lock.json). */
    public static final String TESTED_VERSION = "2.1.328";

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public ClaudeCodeSettings {
        if (command == null || command.isBlank()) {
            throw new IllegalArgumentException("agent.claude-code.command must name the Claude Code executable");
        }
        extraArgs = List.copyOf(extraArgs);
        env = Map.copyOf(env);
        env.keySet().forEach(name -> {
            if (!ENV_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("agent.claude-code.env: not an environment variable name: " + name);
            }
        });
        home = home.toAbsolutePath().normalize();
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("agent.claude-code.idle-timeout-seconds must be positive");
        }
        tools = List.copyOf(tools);
    }

    /** Reads {@code agent.claude-code} below the {@code agent} node; every key has a default. */
    public static ClaudeCodeSettings from(Config agentNode, AgentSettings agent, ToolSettings toolSettings) {
        Config node = agentNode.get("claude-code");
        return new ClaudeCodeSettings(
                node.get("command").asString().map(String::strip).filter(s -> !s.isEmpty()).orElse("claude"),
                node.get("version-check").asBoolean().orElse(true),
                extraArgs(node.get("extra-args")),
                node.get("model").asString().map(String::strip).filter(s -> !s.isEmpty()).orElse(agent.model()),
                env(node.get("env")),
                Path.of(node.get("home").asString().orElse("./data/claude-code")),
                Duration.ofSeconds(node.get("idle-timeout-seconds").asLong().orElse(900L)),
                agent.baseUrl(),
                agent.apiKey(),
                agent.maxTurns(),
                agent.maxRetries(),
                (int) Math.min(Integer.MAX_VALUE, agent.historyBudgetTokens() * 4), // ~4 characters a token
                toolSettings.enabled(),
                toolSettings.approval(),
                toolSettings.outputMaxChars());
    }

    /** A YAML list, or one string split at whitespace (e.g. from an environment variable). */
    private static List<String> extraArgs(Config node) {
        return switch (node.type()) {
            case MISSING -> List.of();
            case VALUE -> Arrays.stream(node.asString().get().strip().split("\\s+")).filter(s -> !s.isEmpty()).toList();
            case LIST, OBJECT -> node.asList(String.class).get();
        };
    }

    private static Map<String, String> env(Config node) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Config entry : node.asNodeList().orElse(List.of())) {
            env.put(entry.name(), entry.asString().orElse(""));
        }
        return env;
    }

    @Override
    public String toString() {
        return "ClaudeCodeSettings[command=" + command + ", model=" + model + ", home=" + home + ", baseUrl=" + baseUrl
                + ", apiKey=" + (apiKey.isBlank() ? "(none)" : "(set)") + ", tools=" + tools + ", approval=" + approval
                + ", extraArgs=" + extraArgs + ", env=" + env.keySet() + "]";
    }
}
