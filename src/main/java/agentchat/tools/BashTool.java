package agentchat.tools;

import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.json.JsonObject;

/**
 * Runs a shell command in the workspace. The command gets a minimal environment (none of the server's
 * secrets), no stdin, and is killed together with everything it started on timeout or cancel. It is
 * not a sandbox: the command can read and write whatever the server's user can.
 */
final class BashTool implements Tool {

    static final List<String> ENVIRONMENT_NAMES = List.of("PATH", "HOME", "LANG", "TERM");

    private static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final Duration OUTPUT_DRAIN_GRACE = Duration.ofSeconds(2);

    private final Duration defaultTimeout;
    private final int maxOutputChars;

    BashTool(ToolSettings settings) {
        this.defaultTimeout = settings.bashTimeout();
        this.maxOutputChars = settings.bashOutputMaxChars();
    }

    @Override
    public String name() {
        return "Bash";
    }

    @Override
    public String description() {
        return "Runs a command with /bin/bash -c in the workspace directory and returns its combined "
                + "stdout and stderr followed by the exit code. There is no stdin and no terminal; "
                + "HOME is the workspace. The command is killed after timeout_seconds (default "
                + defaultTimeout.toSeconds() + ", at most " + ToolSettings.MAX_BASH_TIMEOUT.toSeconds()
                + "), and background processes do not outlive it. Long output keeps its beginning and end.";
    }

    @Override
    public JsonObject inputSchema() {
        return JsonSchemas.object()
                .required("command", "string", "The bash command line to run")
                .optional("timeout_seconds", "integer", "Seconds before the command is killed (default "
                        + defaultTimeout.toSeconds() + ", at most " + ToolSettings.MAX_BASH_TIMEOUT.toSeconds() + ")")
                .build();
    }

    @Override
    public boolean writes() {
        return true;
    }

    @Override
    public String run(Workspace workspace, JsonObject json) throws IOException, InterruptedException {
        ToolInput input = new ToolInput(json);
        String command = input.requiredString("command");
        Duration timeout = timeout(input);
        Path directory = workspace.directory();

        ProcessBuilder builder = new ProcessBuilder(ProcessTrees.inOwnGroup(List.of("/bin/bash", "-c", command)))
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> environment = builder.environment();
        environment.clear();
        environment.putAll(environment(directory));

        Process process = builder.start();
        CappedOutput output = new CappedOutput(maxOutputChars);
        Thread reader = Thread.ofVirtual().name("bash-output-" + process.pid()).start(() -> drain(process, output));
        boolean finished;
        try {
            finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            ProcessTrees.killTree(process);
            throw e;
        }
        if (!finished) {
            ProcessTrees.killTree(process);
            reader.join(OUTPUT_DRAIN_GRACE);
            throw new ToolException("Command timed out after " + timeout.toSeconds() + " s and was killed.\n"
                    + output);
        }
        // Background jobs would otherwise live on, holding the output pipe open.
        ProcessTrees.killGroup(process.pid());
        reader.join(OUTPUT_DRAIN_GRACE);
        String text = output.toString();
        return (text.isEmpty() ? "(no output)\n" : text + (text.endsWith("\n") ? "" : "\n"))
                + "[exit code " + process.exitValue() + "]";
    }

    private Duration timeout(ToolInput input) {
        return input.optionalInt("timeout_seconds")
                .map(seconds -> {
                    if (seconds < 1) {
                        throw new ToolException("timeout_seconds must be 1 or more");
                    }
                    Duration requested = Duration.ofSeconds(seconds);
                    return requested.compareTo(ToolSettings.MAX_BASH_TIMEOUT) > 0 ? ToolSettings.MAX_BASH_TIMEOUT : requested;
                })
                .orElse(defaultTimeout);
    }

    /** Only what a shell needs; in particular nothing of the server's own environment but PATH. */
    private static Map<String, String> environment(Path workspace) {
        String path = System.getenv().getOrDefault("PATH", DEFAULT_PATH);
        return Map.of("PATH", path, "HOME", workspace.toString(), "LANG", "C.UTF-8", "TERM", "dumb");
    }

    /** Reads until the pipe closes, so a chatty command never blocks on a full pipe. */
    private static void drain(Process process, CappedOutput output) {
        char[] buffer = new char[8192];
        try (Reader in = new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)) {
            int read;
            while ((read = in.read(buffer)) != -1) {
                output.append(buffer, 0, read);
            }
        } catch (IOException e) {
            // The pipe was closed under us (process killed); what was read so far is kept.
        }
    }
}
