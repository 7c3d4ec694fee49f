package agentchat.tools;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks a directory tree for Glob and Grep: never follows symbolic links (a link is reported as an
 * entry, its target is never entered), skips unreadable entries, stops after a number of entries
 * and when the thread is interrupted.
 */
final class FileWalk {

    /** Bounds the time a walk of a huge tree can take. */
    static final int MAX_VISITED = 200_000;

    /** A file (or symbolic link) found; {@code relative} is relative to the walk's start. */
    record Entry(Path path, Path relative, BasicFileAttributes attributes) {
    }

    /** What a walk found; {@code incomplete} when it stopped at {@link #MAX_VISITED} entries. */
    record Result(List<Entry> files, boolean incomplete) {
    }

    private FileWalk() {
    }

    static Result files(Path start) throws IOException, InterruptedException {
        List<Entry> files = new ArrayList<>();
        boolean[] stopped = new boolean[1];
        Files.walkFileTree(start, new SimpleFileVisitor<>() {
            private int visited;

            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return count();
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (!attrs.isDirectory()) {
                    files.add(new Entry(file, start.relativize(file), attrs));
                }
                return count();
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException failure) {
                return FileVisitResult.CONTINUE;
            }

            private FileVisitResult count() {
                if (Thread.currentThread().isInterrupted() || ++visited > MAX_VISITED) {
                    stopped[0] = true;
                    return FileVisitResult.TERMINATE;
                }
                return FileVisitResult.CONTINUE;
            }
        });
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        return new Result(files, stopped[0]);
    }

    /**
     * A glob matcher over relative paths. {@code **}{@code /} also matches no directory at all, so
     * {@code **}{@code /*.java} finds {@code A.java} at the top as well (Java's own glob would not).
     */
    static PathMatcher globMatcher(String glob) {
        try {
            PathMatcher exact = FileSystems.getDefault().getPathMatcher("glob:" + glob);
            if (!glob.contains("**/")) {
                return exact;
            }
            PathMatcher withoutDirectories = FileSystems.getDefault().getPathMatcher("glob:" + glob.replace("**/", ""));
            return path -> exact.matches(path) || withoutDirectories.matches(path);
        } catch (IllegalArgumentException e) {
            throw new ToolException("Invalid glob pattern " + glob + ": " + e.getMessage());
        }
    }

    static String slashed(Path relative) {
        return relative.toString().replace('\\', '/');
    }
}
