package agentchat.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Starting commands in their own process group and killing everything they started. The group catches
 * grandchildren that left the parent/child tree (e.g. {@code nohup x &} after their parent died); the
 * tree catches processes that made their own group.
 */
public final class ProcessTrees {

    private static final Optional<Path> SETSID = List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid"))
            .stream().filter(Files::isExecutable).findFirst();

    private ProcessTrees() {
    }

    /** {@code command}, prefixed so that it leads a new session and process group when the system allows. */
    public static List<String> inOwnGroup(List<String> command) {
        return SETSID.map(setsid -> Stream.concat(Stream.of(setsid.toString()), command.stream()).toList())
                .orElse(command);
    }

    static boolean ownGroupSupported() {
        return SETSID.isPresent();
    }

    /** Kills the process, its descendants (children first) and its process group, and waits briefly. */
    public static void killTree(Process process) {
        ProcessHandle root = process.toHandle();
        // Taken before any kill: once the root dies its children are re-parented and no longer listed.
        List<ProcessHandle> descendants = root.descendants().toList();
        killGroup(root.pid());
        for (ProcessHandle child : descendants.reversed()) {
            child.destroyForcibly();
        }
        root.destroyForcibly();
        try {
            process.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills what is left in the group of a leader started with {@link #inOwnGroup}, e.g. background jobs. */
    static void killGroup(long leaderPid) {
        if (!ownGroupSupported()) {
            return;
        }
        try {
            Process kill = new ProcessBuilder("kill", "-KILL", "--", "-" + leaderPid)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            kill.waitFor(2, TimeUnit.SECONDS);
        } catch (IOException e) {
            // Best effort: the tree kill still runs.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
