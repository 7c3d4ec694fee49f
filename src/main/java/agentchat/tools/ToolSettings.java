package agentchat.tools;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

import io.helidon.config.Config;

/**
 * Settings of the agent's tools (config node {@code agent.tools}).
 *
 * @param enabled            canonical names of the enabled tools, in the order they are offered
 * @param workspaceRoot      directory holding one workspace per chat ({@code root/<chatId>})
 * @param sharedWorkspace    when present, every chat works in this one directory instead
 * @param approval           which calls wait for the user's approval
 * @param approvalTimeout    how long an approval request waits before it counts as denied
 *                           ({@code approval-timeout-seconds}, fractions allowed, e.g. 0.5)
 * @param readMaxBytes       most bytes of file content one Read returns
 * @param outputMaxChars     most characters of any one tool result
 * @param grepMaxMatches     most matching lines one Grep returns
 * @param globMaxResults     most paths one Glob returns
 * @param bashTimeout        default time a Bash command may run
 * @param bashOutputMaxChars most characters of Bash output kept (head and tail)
 */
public record ToolSettings(List<String> enabled,
                           Path workspaceRoot,
                           Optional<Path> sharedWorkspace,
                           ApprovalMode approval,
                           Duration approvalTimeout,
                           int readMaxBytes,
                           int outputMaxChars,
                           int grepMaxMatches,
                           int globMaxResults,
                           Duration bashTimeout,
                           int bashOutputMaxChars) {

    public static final List<String> ALL_TOOLS = List.of("Read", "Write", "Edit", "Glob", "Grep", "Bash");
    public static final List<String> DEFAULT_ENABLED = List.of("Read", "Write", "Edit", "Glob", "Grep");
    public static final Duration MAX_BASH_TIMEOUT = Duration.ofSeconds(600);

    public ToolSettings {
        enabled = List.copyOf(enabled);
        for (String name : enabled) {
            if (!ALL_TOOLS.contains(name)) {
                throw new IllegalArgumentException("unknown tool: " + name + " (known: " + ALL_TOOLS + ")");
            }
        }
        requirePositive("read-max-bytes", readMaxBytes);
        requirePositive("output-max-chars", outputMaxChars);
        requirePositive("grep-max-matches", grepMaxMatches);
        requirePositive("glob-max-results", globMaxResults);
        requirePositive("bash-output-max-chars", bashOutputMaxChars);
        requirePositive("approval-timeout-seconds", approvalTimeout.toMillis());
        requirePositive("bash-timeout-seconds", bashTimeout.toSeconds());
        if (bashTimeout.compareTo(MAX_BASH_TIMEOUT) > 0) {
            throw new IllegalArgumentException("bash-timeout-seconds must be at most "
                    + MAX_BASH_TIMEOUT.toSeconds() + ": " + bashTimeout.toSeconds());
        }
    }

    public static ToolSettings defaults() {
        return from(Config.empty());
    }

    /** Reads the {@code agent.tools} node; missing keys take their defaults. */
    public static ToolSettings from(Config toolsNode) {
        return new ToolSettings(
                enabledTools(toolsNode.get("enabled")),
                Path.of(toolsNode.get("workspace-root").asString().orElse("./data/workspaces")),
                toolsNode.get("shared-workspace").asString().filter(s -> !s.isBlank()).map(Path::of),
                ApprovalMode.parse(toolsNode.get("approval").asString().orElse("never")),
                seconds(toolsNode.get("approval-timeout-seconds"), 300),
                toolsNode.get("read-max-bytes").asInt().orElse(256 * 1024),
                toolsNode.get("output-max-chars").asInt().orElse(30_000),
                toolsNode.get("grep-max-matches").asInt().orElse(200),
                toolsNode.get("glob-max-results").asInt().orElse(500),
                Duration.ofSeconds(toolsNode.get("bash-timeout-seconds").asInt().orElse(120)),
                toolsNode.get("bash-output-max-chars").asInt().orElse(30_000));
    }

    public ToolSettings withEnabled(List<String> names) {
        return new ToolSettings(names, workspaceRoot, sharedWorkspace, approval, approvalTimeout, readMaxBytes,
                outputMaxChars, grepMaxMatches, globMaxResults, bashTimeout, bashOutputMaxChars);
    }

    public ToolSettings withApproval(ApprovalMode mode) {
        return new ToolSettings(enabled, workspaceRoot, sharedWorkspace, mode, approvalTimeout, readMaxBytes,
                outputMaxChars, grepMaxMatches, globMaxResults, bashTimeout, bashOutputMaxChars);
    }

    /** A YAML list or a comma-separated string (env {@code AGENT_TOOLS}); names match case-insensitively. */
    private static List<String> enabledTools(Config node) {
        List<String> raw = switch (node.type()) {
            case MISSING -> DEFAULT_ENABLED;
            case VALUE -> Arrays.asList(node.asString().get().split(","));
            // An object with keys 0, 1, ... (e.g. from a properties or map source) reads as a list too.
            case LIST, OBJECT -> node.asList(String.class).get();
        };
        List<String> names = raw.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (names.isEmpty()) {
            return DEFAULT_ENABLED;
        }
        if (names.size() == 1 && names.getFirst().equalsIgnoreCase("none")) {
            return List.of();
        }
        LinkedHashSet<String> canonical = new LinkedHashSet<>();
        for (String name : names) {
            canonical.add(ALL_TOOLS.stream()
                    .filter(known -> known.equalsIgnoreCase(name))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(
                            "unknown tool in agent.tools.enabled: " + name + " (known: " + ALL_TOOLS + ", or none)")));
        }
        return new ArrayList<>(canonical);
    }

    /** Whole or fractional seconds ({@code 300}, {@code 0.5}), to the millisecond. */
    private static Duration seconds(Config node, int defaultSeconds) {
        if (!node.exists()) {
            return Duration.ofSeconds(defaultSeconds);
        }
        String text = node.asString().get().strip();
        try {
            return Duration.ofMillis(Math.round(Double.parseDouble(text) * 1000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("agent.tools." + node.name() + " must be a number of seconds: " + text);
        }
    }

    private static void requirePositive(String key, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException("agent.tools." + key + " must be positive: " + value);
        }
    }
}
