package agentchat.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The tests' own MCP server ({@code src/test/mcp/test-mcp-server.mjs}, Node, no dependencies): configuration keys
 * that run it over stdio, a process serving it over Streamable HTTP, and the log it writes ({@code MCP_TEST_LOG}:
 * "started", "call", "cancelled" and "child" lines).
 */
public final class TestMcpServer implements AutoCloseable {

    public static final Path SCRIPT = Path.of("src/test/mcp/test-mcp-server.mjs").toAbsolutePath();
    /** The tools it lists, in order (8, over 3 pages of tools/list). */
    public static final List<String> TOOLS = List.of("echo", "add", "sleep", "fail", "env", "image", "dotted.name",
            "add_tool");

    /** What the {@code image} tool returns: a 2x2 red PNG, in base64 (as the script has it). */
    public static final String RED_SQUARE_PNG =
            "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==";

    private final Process process;
    private final String url;

    private TestMcpServer(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    /** Configuration keys ({@code agent.mcp.servers.<name>.*}) that run the server over stdio with this environment. */
    public static Map<String, String> stdio(String name, Map<String, String> env) {
        Map<String, String> keys = new HashMap<>();
        String prefix = "agent.mcp.servers." + name + ".";
        keys.put(prefix + "command", "node");
        keys.put(prefix + "args.0", SCRIPT.toString());
        env.forEach((key, value) -> keys.put(prefix + "env." + key, value));
        return keys;
    }

    /** Configuration keys for a Streamable HTTP server at {@code url} with these headers. */
    public static Map<String, String> http(String name, String url, Map<String, String> headers) {
        Map<String, String> keys = new HashMap<>();
        keys.put("agent.mcp.servers." + name + ".url", url);
        headers.forEach((key, value) -> keys.put("agent.mcp.servers." + name + ".headers." + key, value));
        return keys;
    }

    /** Starts the server over Streamable HTTP on a free loopback port. */
    public static TestMcpServer startHttp(Map<String, String> env) {
        try {
            ProcessBuilder builder = new ProcessBuilder("node", SCRIPT.toString(), "--http");
            builder.environment().putAll(env);
            builder.redirectError(ProcessBuilder.Redirect.DISCARD);
            Process process = builder.start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();
            if (first == null || !first.startsWith("LISTENING ")) {
                process.destroyForcibly();
                throw new IllegalStateException("the test MCP server did not start: " + first);
            }
            return new TestMcpServer(process, "http://127.0.0.1:" + first.substring("LISTENING ".length()).trim() + "/mcp");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return url;
    }

    /** A fresh, empty log file for {@code MCP_TEST_LOG}. */
    public static Path newLog() {
        try {
            return Files.createTempFile("mcp-test-", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<String> lines(Path log) {
        try {
            return Files.readAllLines(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for a log line that matches; fails after {@code timeout}. */
    public static String awaitLine(Path log, Predicate<String> matching, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : lines(log)) {
                if (matching.test(line)) {
                    return line;
                }
            }
            sleep(20);
        }
        throw new AssertionError("no matching line in " + log + " within " + timeout + ": " + lines(log));
    }

    /** The pid of the last "started" line: the server process currently running. */
    public static long lastStartedPid(Path log) {
        List<String> started = lines(log).stream().filter(line -> line.startsWith("started ")).toList();
        if (started.isEmpty()) {
            throw new AssertionError("the test MCP server never started: " + lines(log));
        }
        return Long.parseLong(started.getLast().substring("started ".length()).trim());
    }

    /** Polls until {@code condition} holds; fails after {@code timeout}. */
    public static void await(String what, java.util.function.BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            sleep(20);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
