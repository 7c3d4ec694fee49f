package agentchat.agent.claudecode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import agentchat.agent.AgentSettings;
import agentchat.json.Json;
import agentchat.tools.ApprovalMode;
import agentchat.tools.ToolSettings;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInRelativeOrder;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/** The CLI's command line per approval mode, its environment, and finding its executable. */
class CliInvocationTest {

    @TempDir
    Path dir;

    private static ClaudeCodeSettings settings(Map<String, String> values) {
        Config config = Config.just(ConfigSources.create(values));
        Config agent = config.get("agent");
        return ClaudeCodeSettings.from(agent, AgentSettings.from(agent), ToolSettings.from(agent.get("tools")));
    }

    private static List<String> arguments(Map<String, String> values, String resumeId) {
        return CliInvocation.arguments(settings(values), Path.of("/opt/claude"), "claude-sonnet-4-5", null, resumeId);
    }

    private static String settingsJson(List<String> args) {
        return args.get(args.indexOf("--settings") + 1);
    }

    @Test
    void approvalNeverAllowsTheEnabledToolsByRuleInsideTheRestrictedWorkspace() {
        List<String> args = arguments(Map.of("agent.provider", "claude-code",
                "agent.tools.enabled", "Read,Write,Bash"), null);

        assertThat(args, containsInRelativeOrder("/opt/claude", "-p", "--input-format", "stream-json",
                "--output-format", "stream-json", "--verbose", "--include-partial-messages"));
        assertThat(args, containsInRelativeOrder("--model", "claude-sonnet-4-5"));
        assertThat(args, containsInRelativeOrder("--max-turns", "25"));
        assertThat(args, hasItem("--restricted"));
        assertThat(args, containsInRelativeOrder("--tools", "Read,Write,Bash"));
        assertThat(args, containsInRelativeOrder("--permission-prompt-tool", "stdio"));
        assertThat(args, containsInRelativeOrder("--permission-mode", "acceptEdits"));
        assertThat(args, containsInRelativeOrder("--allowedTools", "Read,Write,Bash"));
        assertThat(args, not(hasItem("--settings")));
    }

    @Test
    void approvalWritesAsksBeforeEveryCommandAndLeavesWritesToTheDefaultMode() {
        List<String> args = arguments(Map.of("agent.tools.enabled", "Read,Write,Edit,Bash",
                "agent.tools.approval", "writes"), null);

        assertThat(args, containsInRelativeOrder("--permission-mode", "default"));
        assertThat(args, not(hasItem("--allowedTools")));
        assertThat(Json.parseObject(settingsJson(args)).getJsonObject("permissions").getJsonArray("ask").toString(),
                is("[\"Bash\"]"));
    }

    @Test
    void approvalAlwaysAsksForEveryEnabledTool() {
        List<String> args = arguments(Map.of("agent.tools.enabled", "Read,Glob", "agent.tools.approval", "always"), null);

        assertThat(Json.parseObject(settingsJson(args)).getJsonObject("permissions").getJsonArray("ask").toString(),
                is("[\"Read\",\"Glob\"]"));
    }

    @Test
    void toolsNoneGivesTheCliNoTools() {
        List<String> args = arguments(Map.of("agent.tools.enabled", "none"), null);

        assertThat(args, containsInRelativeOrder("--tools", ""));
        assertThat(args, not(hasItem("--allowedTools")));
    }

    @Test
    void aResumedSessionIsOneTokenAndExtraArgsComeLast() {
        List<String> args = arguments(Map.of("agent.claude-code.extra-args", "--effort low"),
                "0a9b3c18-478f-4b2d-8e28-076c48bbb2d3");

        assertThat(args, hasItem("--resume=0a9b3c18-478f-4b2d-8e28-076c48bbb2d3"));
        assertThat(args.subList(args.size() - 2, args.size()), contains("--effort", "low"));
    }

    @Test
    void theChatsOwnSystemPromptIsAppendedToTheClis() {
        List<String> args = CliInvocation.arguments(settings(Map.of()), Path.of("/opt/claude"), "m",
                "Answer in French.", null);

        assertThat(args, containsInRelativeOrder("--append-system-prompt", "Answer in French."));
    }

    @Test
    void theEnvironmentHoldsOnlyWhatTheCliNeeds() {
        ClaudeCodeSettings settings = settings(Map.of("agent.api-key", "sk-upstream", "agent.base-url", "http://gw:8080",
                "agent.claude-code.home", "/srv/cc-home", "agent.claude-code.env.CLAUDE_CODE_MAX_OUTPUT_TOKENS", "8000"));
        Map<String, String> server = Map.of("PATH", "/usr/bin:/bin", "API_KEYS", "k1,k2", "DB_PASSWORD", "pw",
                "ANTHROPIC_API_KEY", "the-servers-own", "HOME", "/root");

        Map<String, String> env = CliInvocation.environment(settings, server, Path.of("/srv/cc-home/chats/c1"));

        assertThat(env.keySet(), contains("PATH", "HOME", "CLAUDE_CONFIG_DIR", "TMPDIR", "LANG", "ANTHROPIC_BASE_URL",
                "ANTHROPIC_API_KEY", "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "CLAUDE_CODE_MAX_RETRIES",
                "CLAUDE_CODE_MAX_OUTPUT_TOKENS"));
        assertThat(env.get("PATH"), is("/usr/bin:/bin"));
        assertThat(env.get("HOME"), is("/srv/cc-home"));
        assertThat(env.get("CLAUDE_CONFIG_DIR"), is("/srv/cc-home/chats/c1"));
        assertThat(env.get("TMPDIR"), is("/srv/cc-home/chats/c1/tmp"));
        assertThat(env.get("ANTHROPIC_API_KEY"), is("sk-upstream"));
        assertThat(env.get("ANTHROPIC_BASE_URL"), is("http://gw:8080"));
        assertThat(env.get("CLAUDE_CODE_MAX_RETRIES"), is("3"));
    }

    @Test
    void theCommandIsFoundOnPathOrAsAPathAndOnlyWhenExecutable() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path claude = Files.writeString(bin.resolve("claude"), "#!/bin/sh\n");
        Path plain = Files.writeString(bin.resolve("plain"), "not executable");
        Files.setPosixFilePermissions(claude, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThat(CliInvocation.resolve("claude", "/nowhere:" + bin).orElseThrow(), is(claude));
        assertThat(CliInvocation.resolve(claude.toString(), "").orElseThrow(), is(claude));
        assertThat(CliInvocation.resolve("claude", "/nowhere").isPresent(), is(false));
        assertThat(CliInvocation.resolve(plain.toString(), "").isPresent(), is(false));
        assertThat(CliInvocation.resolve("plain", bin.toString()).isPresent(), is(false));
    }

    @Test
    void settingsReadTheirDefaultsAndRefuseBadEnvironmentNames() {
        ClaudeCodeSettings defaults = settings(Map.of("agent.provider", "claude-code"));
        assertThat(defaults.command(), is("claude"));
        assertThat(defaults.home(), is(Path.of("data/claude-code").toAbsolutePath()));
        assertThat(defaults.model(), is("claude-sonnet-5-5"));
        assertThat(defaults.approval(), is(ApprovalMode.NEVER));
        assertThat(settings(Map.of("agent.model", "m1", "agent.claude-code.model", "m2")).model(), is("m2"));
        assertThat(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> settings(Map.of("agent.claude-code.env.BAD-NAME", "x"))).getMessage().contains("BAD-NAME"), is(true));
    }
}
