package agentchat.agent.claudecode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import agentchat.json.Json;
import agentchat.tools.ApprovalMode;
import jakarta.json.JsonArrayBuilder;

/**
 * The command line and environment of one CLI run. Pure: what it builds is unit-tested; running it is
 * {@link CliProcess}'s job.
 * <p>
 * Permissions: {@code --restricted} confines the CLI's file tools to the chat's workspace (and makes
 * it ignore settings files a tool might plant there); {@code --permission-prompt-tool stdio} sends
 * every call that would prompt to us as a {@code can_use_tool} control request. Approval
 * {@code never} allows the enabled tools by rule (and we approve whatever still asks); {@code writes}
 * leaves the CLI's default mode, which asks before Write and Edit, and adds an "ask" rule for Bash so
 * that every command is asked for, as with agentchat's own Bash; {@code always} asks for every tool.
 */
final class CliInvocation {

    private static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private CliInvocation() {
    }

    /**
     * @param executable   the resolved command
     * @param model        the model of this turn
     * @param systemPrompt the chat's own system prompt, appended to the CLI's; null for none
     * @param resumeId     the session to resume, or null for a new session
     */
    static List<String> arguments(ClaudeCodeSettings settings, Path executable, String model, String systemPrompt,
                                  String resumeId) {
        List<String> args = new ArrayList<>(List.of(executable.toString(),
                "-p", "--input-format", "stream-json", "--output-format", "stream-json", "--verbose",
                "--include-partial-messages",
                "--model", model,
                "--max-turns", String.valueOf(settings.maxTurns()),
                "--restricted",
                "--tools", String.join(",", settings.tools()),
                "--permission-prompt-tool", "stdio"));
        List<String> ask = switch (settings.approval()) {
            case NEVER -> List.of();
            case WRITES -> settings.tools().contains("Bash") ? List.of("Bash") : List.of();
            case ALWAYS -> settings.tools();
        };
        if (settings.approval() == ApprovalMode.NEVER) {
            args.addAll(List.of("--permission-mode", "acceptEdits"));
            if (!settings.tools().isEmpty()) {
                args.addAll(List.of("--allowedTools", String.join(",", settings.tools())));
            }
        } else {
            args.addAll(List.of("--permission-mode", "default"));
        }
        if (!ask.isEmpty()) {
            JsonArrayBuilder rules = Json.array();
            ask.forEach(rules::add);
            args.addAll(List.of("--settings",
                    Json.object().add("permissions", Json.object().add("ask", rules)).build().toString()));
        }
        if (systemPrompt != null && !systemPrompt.isBlank()) {
            args.addAll(List.of("--append-system-prompt", systemPrompt));
        }
        if (resumeId != null) {
            // one token: a value that starts with "-" can never be taken for a flag
            args.add("--resume=" + resumeId);
        }
        args.addAll(settings.extraArgs());
        return args;
    }

    /**
     * Everything the CLI gets: its key and base URL, its own HOME, a configuration directory and
     * TMPDIR of the chat's own ({@code chat}: its sessions live there), PATH, LANG, the flags that keep it quiet,
     * and the configured extras. Nothing else of the server's environment (API_KEYS, DB_PASSWORD, ...)
     * reaches it, or the commands its tools run.
     */
    static Map<String, String> environment(ClaudeCodeSettings settings, Map<String, String> serverEnv, Path chat) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", serverEnv.getOrDefault("PATH", DEFAULT_PATH));
        env.put("HOME", settings.home().toString());
        env.put("CLAUDE_CONFIG_DIR", chat.toString());
        env.put("TMPDIR", chat.resolve("tmp").toString());
        env.put("LANG", "C.UTF-8");
        env.put("ANTHROPIC_BASE_URL", settings.baseUrl());
        if (!settings.apiKey().isBlank()) {
            env.put("ANTHROPIC_API_KEY", settings.apiKey());
        }
        env.put("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
        env.put("CLAUDE_CODE_MAX_RETRIES", String.valueOf(settings.maxRetries()));
        env.putAll(settings.env());
        return env;
    }

    /**
     * The executable the command names: a path as it is, a bare name looked up on {@code path}. Empty
     * when there is no such executable file.
     */
    static Optional<Path> resolve(String command, String path) {
        if (command.contains("/")) {
            Path file = Path.of(command).toAbsolutePath();
            return Files.isRegularFile(file) && Files.isExecutable(file) ? Optional.of(file) : Optional.empty();
        }
        for (String dir : (path == null ? DEFAULT_PATH : path).split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path file = Path.of(dir, command);
            if (Files.isRegularFile(file) && Files.isExecutable(file)) {
                return Optional.of(file);
            }
        }
        return Optional.empty();
    }
}
