package agentchat.agent.claudecode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import agentchat.testing.AnthropicStream;
import agentchat.testing.FakeEvent;
import agentchat.testing.FakeReply;
import agentchat.testing.FakeUpstream;
import agentchat.testing.RunningServer;
import agentchat.testing.TestApp;

/**
 * Servers whose agent is the real Claude Code CLI talking to a {@link FakeUpstream}, each with its
 * own CLI home and workspaces in a temporary directory; and the replies such tests script.
 */
final class ClaudeCodeTestSupport {

    static final String UPSTREAM_KEY = "test-upstream-key";

    private ClaudeCodeTestSupport() {
    }

    /** A claude-code server on {@code upstream}; {@code root} receives {@code home/} and {@code workspaces/}. */
    static RunningServer server(FakeUpstream upstream, Path root, Map<String, String> extra) {
        return RunningServer.start(TestApp.create(config(upstream, root, extra)));
    }

    static Map<String, String> config(FakeUpstream upstream, Path root, Map<String, String> extra) {
        Map<String, String> config = new HashMap<>();
        config.put("agent.provider", "claude-code");
        config.put("agent.base-url", upstream.baseUrl());
        config.put("agent.api-key", UPSTREAM_KEY);
        config.put("agent.model", "claude-sonnet-4-5");
        config.put("agent.max-retries", "0");
        config.put("agent.claude-code.command", ClaudeCodeCli.executable().toString());
        config.put("agent.claude-code.home", root.resolve("home").toString());
        config.put("agent.tools.workspace-root", root.resolve("workspaces").toString());
        config.put("live.flush-interval-ms", "200");
        config.putAll(extra);
        return config;
    }

    static Path tempRoot(String name) {
        try {
            return Files.createTempDirectory("agentchat-" + name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static FakeReply text(String... deltas) {
        return FakeReply.sse(new AnthropicStream().text(deltas).events());
    }

    static FakeReply toolCall(String id, String name, String inputJson) {
        return FakeReply.sse(new AnthropicStream().toolUse(id, name, inputJson).events());
    }

    /** A few deltas {@code pace} apart, then nothing more while the connection stays open. */
    static FakeReply endlessText(Duration pace, String... deltas) {
        List<FakeEvent> events = new AnthropicStream().text(deltas).head().stream()
                .map(event -> event.delayedBy(pace)).toList();
        return FakeReply.sse(events).thenStall();
    }

    /** Deletes a test's temporary directory (workspaces, CLI homes) or a part of it; links are not followed. */
    static void deleteRoot(Path root) {
        try (var files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The processes of the CLI that run now, anywhere below this JVM. */
    static List<ProcessHandle> cliProcesses() {
        String cli = ClaudeCodeCli.realExecutable().toString();
        return ProcessHandle.current().descendants()
                .filter(process -> process.info().command().map(cli::equals).orElse(false))
                .toList();
    }

    /** Waits until no CLI process runs; false when some still do after {@code timeout}. */
    static boolean awaitNoCliProcess(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!cliProcesses().isEmpty()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }
}
