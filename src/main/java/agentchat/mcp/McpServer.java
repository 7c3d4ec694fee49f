package agentchat.mcp;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import agentchat.tools.ToolOutput;
import jakarta.json.JsonObject;

/**
 * One configured MCP server, kept running: started on a virtual thread of its own, watched (a stdio server's
 * exit is noticed at once, an HTTP server is pinged), and started again with growing delays when it fails to
 * start or goes away. While it is not up its tools are not offered and calls naming them get an error result.
 */
final class McpServer {

    private static final System.Logger LOG = System.getLogger(McpServer.class.getName());

    enum State {
        STARTING, UP, DOWN, STOPPED;

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What {@code /health} shows of it. */
    record Status(State state, int tools) {
    }

    private final McpServerConfig config;
    private final McpSettings settings;
    private final CountDownLatch firstAttempt = new CountDownLatch(1);
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private volatile State state = State.STARTING;
    private volatile McpConnection connection;
    private volatile String lastFailure = "";
    private Thread supervisor;

    McpServer(McpServerConfig config, McpSettings settings) {
        this.config = config;
        this.settings = settings;
    }

    String name() {
        return config.name();
    }

    void start() {
        supervisor = Thread.ofVirtual().name("mcp-" + config.name()).start(this::supervise);
    }

    /** Waits until the first start has succeeded or failed, at most until {@code deadlineNanos}. */
    void awaitFirstAttempt(long deadlineNanos) throws InterruptedException {
        firstAttempt.await(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    Status status() {
        return new Status(state, tools().size());
    }

    /** The tools offered now: none unless the server is up. */
    List<McpTool> tools() {
        McpConnection current = connection;
        return state == State.UP && current != null && !current.isClosed() ? current.tools() : List.of();
    }

    /** Whether this name would be one of this server's tools. */
    boolean owns(String offeredName) {
        String prefix = McpToolNames.serverPrefix(config.name());
        return offeredName.startsWith(prefix.length() > McpToolNames.MAX_LENGTH
                ? prefix.substring(0, McpToolNames.MAX_LENGTH) : prefix);
    }

    String unavailable() {
        return state == State.STARTING
                ? "MCP server " + config.name() + " is starting; try again shortly."
                : "MCP server " + config.name() + " is not running (" + lastFailure.lines().findFirst().orElse("")
                + "); it is restarted automatically, try again shortly.";
    }

    ToolOutput call(String offeredName, JsonObject input) throws InterruptedException {
        McpConnection current = connection;
        if (current == null || current.isClosed()) {
            return ToolOutput.error(unavailable());
        }
        McpTool tool = current.tools().stream()
                .filter(candidate -> candidate.offeredName().equals(offeredName)).findFirst().orElse(null);
        if (tool == null) {
            return ToolOutput.error("MCP server " + config.name() + " no longer offers " + offeredName + ".");
        }
        return current.call(tool.name(), input);
    }

    /** Stops watching and restarting, and stops the server (a stdio server with its whole process tree). */
    void stop() {
        stopSignal.countDown();
        if (supervisor != null) {
            supervisor.interrupt();
        }
        McpConnection current = connection;
        if (current != null) {
            current.close();
        }
        try {
            if (supervisor != null) {
                supervisor.join(Duration.ofSeconds(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        state = State.STOPPED;
    }

    private boolean stopping() {
        return stopSignal.getCount() == 0;
    }

    private void supervise() {
        int failures = 0;
        while (!stopping()) {
            if (failures == 0) {
                state = State.STARTING; // a server that failed stays "down" through its retries, until it is up again
            }
            long startedAt = System.nanoTime();
            String reason;
            try {
                reason = runOnce();
            } catch (InterruptedException e) {
                break;
            } catch (Exception e) {
                reason = "could not be started: " + message(e);
            }
            if (stopping()) {
                break;
            }
            boolean stayedUp = Duration.ofNanos(System.nanoTime() - startedAt).compareTo(settings.restartMaxDelay()) >= 0;
            failures = stayedUp ? 1 : failures + 1;
            Duration delay = settings.restartDelay(failures);
            lastFailure = reason;
            state = State.DOWN;
            firstAttempt.countDown();
            LOG.log(Level.WARNING, "MCP server " + config.name() + " (" + config.describe() + ") " + reason
                    + "; starting it again in " + delay.toMillis() + " ms");
            try {
                if (stopSignal.await(delay.toMillis(), TimeUnit.MILLISECONDS)) {
                    break;
                }
            } catch (InterruptedException e) {
                break;
            }
        }
        state = State.STOPPED;
        firstAttempt.countDown();
    }

    /** Starts the server and watches it until it goes away; returns why it did. */
    private String runOnce() throws Exception {
        McpConnection opened = McpConnection.open(config, settings, () -> { });
        connection = opened;
        try {
            if (stopping()) {
                return "stopped";
            }
            state = State.UP;
            firstAttempt.countDown();
            LOG.log(Level.INFO, "MCP server " + config.name() + " is up (" + config.describe() + "): "
                    + opened.tools().size() + " tools");
            while (true) {
                String reason = opened.awaitClosed(config.stdio() ? Duration.ofDays(365) : settings.pingInterval());
                if (reason != null) {
                    return reason;
                }
                opened.ping();
            }
        } finally {
            connection = null;
            opened.close();
        }
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
