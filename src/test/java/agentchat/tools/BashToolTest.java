package agentchat.tools;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static agentchat.tools.ToolTestSupport.input;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.isIn;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

@EnabledOnOs({OS.LINUX, OS.MAC})
class BashToolTest {

    /** bash itself adds PWD, SHLVL and _ to what it was given. */
    private static final Set<String> ALLOWED_ENVIRONMENT = Set.of("PATH", "HOME", "LANG", "TERM", "PWD", "SHLVL", "_");

    @TempDir
    Path temp;

    private Workspace workspace;
    private Path root;
    private final BashTool bash = new BashTool(ToolSettings.defaults());

    @BeforeEach
    void setUp() {
        workspace = new Workspace(temp.resolve("ws"), false);
        root = workspace.directory();
    }

    @Test
    void runsInTheWorkspaceAndReportsExitCode() throws Exception {
        assertThat(bash.run(workspace, input("command", "pwd")), is(root + "\n[exit code 0]"));
    }

    @Test
    void reportsNonZeroExitCodeWithMergedStderr() throws Exception {
        String result = bash.run(workspace, input("command", "echo out; echo err >&2; exit 3"));
        assertThat(result, is("out\nerr\n[exit code 3]"));
    }

    @Test
    void stdinIsClosed() throws Exception {
        assertThat(bash.run(workspace, input("command", "cat", "timeout_seconds", 5)), is("(no output)\n[exit code 0]"));
    }

    @Test
    void timeoutKillsTheCommand() {
        Instant start = Instant.now();
        ToolException e = assertThrows(ToolException.class,
                () -> bash.run(workspace, input("command", "echo started; sleep 30", "timeout_seconds", 1)));
        assertThat(e.getMessage(), startsWith("Command timed out after 1 s and was killed.\nstarted"));
        assertThat(Duration.between(start, Instant.now()).toSeconds(), lessThan(10L));
    }

    @Test
    void longOutputKeepsHeadAndTail() throws Exception {
        BashTool small = new BashTool(ToolTestSupport.settings(Map.of("bash-output-max-chars", "100")));
        String result = small.run(workspace, input("command", "seq 1 100000"));
        assertThat(result, startsWith("1\n2\n3\n"));
        assertThat(result, containsString("characters of output omitted"));
        assertThat(result, endsWith("99999\n100000\n[exit code 0]"));
    }

    @Test
    void environmentHoldsOnlyTheAllowedVariables() throws Exception {
        String result = bash.run(workspace, input("command", "env"));
        List<String> names = result.lines()
                .filter(line -> line.contains("="))
                .map(line -> line.substring(0, line.indexOf('=')))
                .toList();
        assertThat(names, everyItem(isIn(ALLOWED_ENVIRONMENT)));
        assertThat(result, containsString("HOME=" + root));
    }

    @Test
    void interruptingTheCallerKillsChildAndGrandchild() throws Exception {
        String marker = sleepMarker();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                bash.run(workspace, input("command", "bash -c 'sleep " + marker + "' & sleep " + marker + "; wait"));
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        caller.start();
        awaitTrue(() -> processesWith(marker).size() >= 3);
        assertThat("bash, its child bash and two sleeps run", processesWith(marker).size() >= 3, is(true));

        caller.interrupt();
        caller.join(5_000);

        assertThat(thrown.get(), instanceOf(InterruptedException.class));
        awaitTrue(() -> processesWith(marker).isEmpty());
        assertThat(processesWith(marker), is(empty()));
    }

    @Test
    void backgroundJobsDoNotOutliveTheCommand() throws Exception {
        String marker = sleepMarker();
        String result = bash.run(workspace, input("command", "sleep " + marker + " & echo started"));
        assertThat(result, is("started\n[exit code 0]"));
        awaitTrue(() -> processesWith(marker).isEmpty());
        assertThat(processesWith(marker), is(empty()));
    }

    /** A sleep duration no other process uses, so the test can find exactly its own processes. */
    private static String sleepMarker() {
        return "299." + ThreadLocalRandom.current().nextInt(100_000, 999_999);
    }

    /** Live processes whose command line holds the marker (zombies have an empty command line). */
    private static List<ProcessHandle> processesWith(String marker) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(Arrays::asList).orElse(List.of()).stream()
                        .anyMatch(argument -> argument.contains(marker)))
                .filter(ProcessHandle::isAlive)
                .toList();
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(5);
        while (!condition.getAsBoolean() && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
    }
}
