package agentchat.agent.claudecode;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import agentchat.agent.AgentCallbacks;
import agentchat.json.Json;
import agentchat.tools.ApprovalMode;
import agentchat.tools.ToolApproval;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;

/**
 * One CLI process from start to exit: sends the user's message, reads the output to its end on the
 * calling thread, and keeps a watch on the side that stops the process when a cancel is not obeyed
 * within {@link #CANCEL_GRACE} or the CLI stays silent past its idle timeout.
 */
final class CliRun {

    private static final System.Logger LOG = System.getLogger(CliRun.class.getName());

    /** How long an interrupted CLI may take to end the turn itself before it is killed. */
    static final Duration CANCEL_GRACE = Duration.ofMillis(1500);
    private static final Duration EXIT_WAIT = Duration.ofSeconds(5);
    private static final long WATCH_PERIOD_MS = 100;

    /** How the run ended: {@code events} holds the session, model and result (null when it ended without one). */
    record Outcome(CliEvents events, Integer exitCode, boolean cancelled, boolean timedOut) {
    }

    private final CliProcess cli;
    private final CliEvents events;
    private final PermissionRequests permissions;
    private final Duration idleTimeout;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final AtomicBoolean timedOut = new AtomicBoolean();
    private volatile long cancelledAt;
    private volatile boolean ended;

    CliRun(CliProcess cli, String chatId, AgentCallbacks callbacks, ApprovalMode mode, ToolApproval approval,
           ClaudeCodeSettings settings) {
        this.cli = cli;
        this.permissions = new PermissionRequests(chatId, mode, approval, cli);
        this.events = new CliEvents(callbacks, permissions, cli, settings.outputMaxChars());
        this.idleTimeout = settings.idleTimeout();
    }

    /** Sends the message and reads the CLI's output to its end; the process is gone when this returns. */
    Outcome run(JsonObject userMessage) throws InterruptedException {
        Thread watch = Thread.ofVirtual().name("claude-code-watch-" + cli.pid()).start(this::watch);
        try {
            if (!cancelled.get()) {
                cli.send(userMessage);
            }
            readToEnd();
            Integer exitCode = cli.awaitExit(EXIT_WAIT);
            return new Outcome(events, exitCode, cancelled.get(), timedOut.get());
        } finally {
            ended = true;
            watch.interrupt();
            permissions.cancelAll();
            cli.close();
        }
    }

    /** Asks the CLI to stop (its interrupt control message); the watch kills it if it does not in time. */
    void cancel() {
        if (cancelled.compareAndSet(false, true)) {
            cancelledAt = System.nanoTime();
            permissions.cancelAll();
            if (!cli.send(CliMessages.interrupt())) {
                cli.kill();
            }
        }
    }

    /** Kills the CLI at once (the server is closing). */
    void kill() {
        cancelled.set(true);
        cli.kill();
    }

    private void readToEnd() {
        try {
            String line;
            while ((line = cli.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonObject event;
                try {
                    event = Json.parseObject(line);
                } catch (JsonException | ClassCastException e) {
                    LOG.log(System.Logger.Level.WARNING, "claude-code[{0}] printed a line that is not a JSON object: {1}",
                            String.valueOf(cli.pid()), abbreviate(line));
                    continue;
                }
                if (events.accept(event)) {
                    // the turn is over: ending its input lets the CLI exit
                    cli.closeInput();
                }
            }
        } catch (IOException e) {
            // the process was killed under us: what was read counts
        }
    }

    private void watch() {
        try {
            while (!ended) {
                Thread.sleep(WATCH_PERIOD_MS);
                if (cancelled.get() && System.nanoTime() - cancelledAt > CANCEL_GRACE.toNanos() && cli.isAlive()) {
                    LOG.log(System.Logger.Level.WARNING, "claude-code[{0}] did not stop within {1} ms of the interrupt; killing it",
                            String.valueOf(cli.pid()), CANCEL_GRACE.toMillis());
                    cli.kill();
                    return;
                }
                if (!permissions.anyWaiting() && cli.silentNanos() > idleTimeout.toNanos() && cli.isAlive()) {
                    LOG.log(System.Logger.Level.WARNING, "claude-code[{0}] printed nothing for {1} s; killing it",
                            String.valueOf(cli.pid()), idleTimeout.toSeconds());
                    timedOut.set(true);
                    cli.kill();
                    return;
                }
            }
        } catch (InterruptedException e) {
            // the run ended
        }
    }

    private static String abbreviate(String line) {
        return line.length() <= 200 ? line : line.substring(0, 200) + "…";
    }
}
