package agentchat.agent.claudecode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The real Claude Code CLI for tests, at the version pinned in {@code claude-code/package-lock.json}:
 * installed with {@code npm ci} the first time a test needs it ({@code .ci/run} does it up front).
 * A machine without npm fails the tests that need it, loudly; they are never skipped.
 */
public final class ClaudeCodeCli {

    private static final Path PROJECT = Path.of("claude-code").toAbsolutePath();
    private static final Path EXECUTABLE = PROJECT.resolve("node_modules/.bin/claude");
    private static final ReentrantLock INSTALL = new ReentrantLock();

    private ClaudeCodeCli() {
    }

    /** The CLI's executable, installing it first when missing. */
    public static Path executable() {
        INSTALL.lock();
        try {
            if (!Files.isExecutable(EXECUTABLE)) {
                install();
            }
            return EXECUTABLE;
        } finally {
            INSTALL.unlock();
        }
    }

    /** The file the CLI's process runs (npm's bin entry is a link to it), to find its processes by. */
    public static Path realExecutable() {
        try {
            return executable().toRealPath();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void install() {
        try {
            Process npm = new ProcessBuilder(List.of("npm", "ci", "--no-audit", "--no-fund"))
                    .directory(PROJECT.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(PROJECT.resolve("npm-ci.log").toFile())
                    .start();
            if (!npm.waitFor(10, TimeUnit.MINUTES)) {
                npm.destroyForcibly();
                throw new IllegalStateException("npm ci in " + PROJECT + " did not finish within 10 minutes");
            }
            if (npm.exitValue() != 0 || !Files.isExecutable(EXECUTABLE)) {
                throw new IllegalStateException("npm ci in " + PROJECT + " failed (exit " + npm.exitValue()
                        + "); see " + PROJECT.resolve("npm-ci.log"));
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot install the Claude Code CLI for the tests (is npm installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
