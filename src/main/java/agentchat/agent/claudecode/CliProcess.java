package agentchat.agent.claudecode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import agentchat.json.Json;
import agentchat.tools.ProcessTrees;
import jakarta.json.JsonObject;

/**
 * One running CLI: its own process group in the chat's workspace, JSON lines in on stdin (written
 * from any thread, one whole line at a time), JSON lines out on stdout (read by the turn's thread),
 * stderr logged and never shown to clients. {@link #close()} kills whatever of it is left.
 */
final class CliProcess implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(CliProcess.class.getName());
    private static final int MAX_LOGGED_STDERR_LINES = 200;

    private final Process process;
    private final BufferedReader stdout;
    private final ReentrantLock stdinLock = new ReentrantLock();
    private final Thread stderrLogger;
    private volatile long lastActivityNanos = System.nanoTime();
    private boolean inputClosed;

    private CliProcess(Process process) {
        this.process = process;
        this.stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.stderrLogger = Thread.ofVirtual().name("claude-code-stderr-" + process.pid()).start(this::logStderr);
    }

    /** Starts the CLI with exactly {@code env} as its environment, in {@code directory}, leading its own process group. */
    static CliProcess start(List<String> arguments, Map<String, String> env, Path directory) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(ProcessTrees.inOwnGroup(arguments)).directory(directory.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        return new CliProcess(builder.start());
    }

    long pid() {
        return process.pid();
    }

    /** The next line the CLI printed, or null at the end of its output. */
    String readLine() throws IOException {
        String line = stdout.readLine();
        lastActivityNanos = System.nanoTime();
        return line;
    }

    /** Nanoseconds since the CLI last printed a line or was sent one (or was started). */
    long silentNanos() {
        return System.nanoTime() - lastActivityNanos;
    }

    /** Writes one JSON line to the CLI; false when it no longer reads (it exited, or input was closed). */
    boolean send(JsonObject message) {
        byte[] line = (Json.write(message) + "\n").getBytes(StandardCharsets.UTF_8);
        stdinLock.lock();
        try {
            if (inputClosed) {
                return false;
            }
            OutputStream stdin = process.getOutputStream();
            stdin.write(line);
            stdin.flush();
            lastActivityNanos = System.nanoTime();
            return true;
        } catch (IOException e) {
            return false;
        } finally {
            stdinLock.unlock();
        }
    }

    /** Ends the CLI's input, after which it finishes and exits. */
    void closeInput() {
        stdinLock.lock();
        try {
            if (!inputClosed) {
                inputClosed = true;
                process.getOutputStream().close();
            }
        } catch (IOException e) {
            // it exited already
        } finally {
            stdinLock.unlock();
        }
    }

    /** Waits for the CLI to exit; its exit code, or null when it still runs after {@code timeout}. */
    Integer awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : null;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Kills the CLI, everything it started and its process group; a no-op on what already exited. */
    void kill() {
        ProcessTrees.killTree(process);
    }

    /** Kills what is left (background commands of its tools included) and stops logging its stderr. */
    @Override
    public void close() {
        closeInput();
        kill();
        try {
            stdout.close();
        } catch (IOException e) {
            // closing anyway
        }
        try {
            stderrLogger.join(Duration.ofSeconds(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void logStderr() {
        try (BufferedReader stderr = new BufferedReader(
                new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            int logged = 0;
            while ((line = stderr.readLine()) != null) {
                if (logged < MAX_LOGGED_STDERR_LINES && !line.isBlank()) {
                    LOG.log(System.Logger.Level.INFO, "claude-code[{0}] stderr: {1}", String.valueOf(process.pid()), line);
                    logged++;
                }
            }
        } catch (IOException e) {
            // the process was killed: nothing more to log
        }
    }
}
