package agentchat.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The directory one chat's tools work in, created on first use. Every path a model names goes through
 * {@link #resolve(String)}, which keeps it inside this directory.
 * <p>
 * The check happens before the tool touches the file, so a symbolic link planted in between (only
 * possible through Bash, which is not sandboxed anyway) is not caught.
 */
public final class Workspace {

    private final Path directory;
    private final boolean shared;

    Workspace(Path directory, boolean shared) {
        this.directory = directory.toAbsolutePath().normalize();
        this.shared = shared;
    }

    /** The workspace directory (real path), created if missing. */
    public Path directory() {
        try {
            Files.createDirectories(directory);
            return directory.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create workspace " + directory, e);
        }
    }

    /** Whether several chats share this directory (then {@link #delete()} leaves it alone). */
    public boolean shared() {
        return shared;
    }

    /**
     * The real path a workspace-relative path names; it need not exist yet. Refuses absolute paths,
     * {@code ..} escapes and symbolic links that lead outside. {@code ""} and {@code "."} name the
     * workspace itself.
     */
    public Path resolve(String userPath) {
        if (userPath == null) {
            throw new ToolException("A path is required");
        }
        Path root = directory();
        Path relative;
        try {
            relative = root.getFileSystem().getPath(userPath);
        } catch (InvalidPathException e) {
            throw new ToolException("Invalid path: " + userPath);
        }
        if (relative.isAbsolute() || userPath.startsWith("/") || userPath.startsWith("\\")) {
            throw new ToolException("Absolute paths are not allowed: " + userPath
                    + " (use a path relative to the workspace)");
        }
        Path candidate = root.resolve(relative).normalize();
        if (!candidate.startsWith(root)) {
            throw new ToolException("Path leads outside the workspace: " + userPath);
        }
        // Links are resolved on the deepest part that exists; the rest cannot contain links yet.
        Path existing = candidate;
        while (!Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        Path realExisting;
        try {
            realExisting = existing.toRealPath();
        } catch (NoSuchFileException e) {
            throw new ToolException("Path leads through a broken symbolic link: " + userPath);
        } catch (IOException e) {
            throw new ToolException("Cannot resolve path " + userPath + ": " + e.getMessage());
        }
        Path real = realExisting.resolve(existing.relativize(candidate));
        if (!real.startsWith(root)) {
            throw new ToolException("Path leads outside the workspace through a symbolic link: " + userPath);
        }
        return real;
    }

    /** How a path inside the workspace is shown to the model: relative, with {@code /}, {@code .} for the root. */
    public String display(Path path) {
        String relative = directory().relativize(path).toString().replace('\\', '/');
        return relative.isEmpty() ? "." : relative;
    }

    /**
     * Deletes this chat's directory and everything in it. Symbolic links are removed, never followed.
     * A shared workspace is never deleted.
     */
    public void delete() {
        if (shared || !Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                    if (failure != null) {
                        throw failure;
                    }
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete workspace " + directory, e);
        }
    }

    @Override
    public String toString() {
        return "Workspace[" + directory + (shared ? ", shared" : "") + "]";
    }
}
