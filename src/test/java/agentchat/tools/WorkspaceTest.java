package agentchat.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WorkspaceTest {

    @TempDir
    Path temp;

    private Path outside;
    private Workspace workspace;
    private Path root;

    @BeforeEach
    void setUp() throws IOException {
        outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "secret");
        workspace = new Workspace(temp.resolve("ws"), false);
        root = workspace.directory();
    }

    private void assertRefused(String path) {
        ToolException e = assertThrows(ToolException.class, () -> workspace.resolve(path));
        assertThat(e.getMessage(), containsString(path));
    }

    @Test
    void directoryIsCreatedOnFirstUse() {
        assertThat(Files.isDirectory(root), is(true));
    }

    @Test
    void relativePathResolvesInsideWorkspace() {
        assertThat(workspace.resolve("a/b.txt"), is(root.resolve("a/b.txt")));
    }

    @Test
    void dotDotThatStaysInsideIsAllowed() {
        assertThat(workspace.resolve("a/../b.txt"), is(root.resolve("b.txt")));
    }

    @Test
    void emptyPathAndDotNameTheWorkspace() {
        assertThat(workspace.resolve(""), is(root));
        assertThat(workspace.resolve("."), is(root));
    }

    @Test
    void parentEscapeIsRefused() {
        assertRefused("../x");
    }

    @Test
    void escapeHiddenBehindADirectoryIsRefused() {
        assertRefused("a/../../b");
    }

    @Test
    void absolutePathIsRefused() {
        ToolException e = assertThrows(ToolException.class, () -> workspace.resolve("/etc/passwd"));
        assertThat(e.getMessage(), containsString("Absolute paths are not allowed"));
    }

    @Test
    void symlinkedFileLeadingOutsideIsRefused() throws IOException {
        Files.createSymbolicLink(root.resolve("link.txt"), outside.resolve("secret.txt"));
        assertRefused("link.txt");
    }

    @Test
    void newFileUnderSymlinkedDirectoryLeadingOutsideIsRefused() throws IOException {
        Files.createSymbolicLink(root.resolve("out"), outside);
        assertRefused("out/new.txt");
        assertRefused("out/deeper/new.txt");
    }

    @Test
    void symlinkInTheMiddleOfAPathIsRefused() throws IOException {
        Files.createDirectories(root.resolve("a"));
        Files.createSymbolicLink(root.resolve("a/hop"), outside);
        assertRefused("a/hop/secret.txt");
    }

    @Test
    void danglingSymlinkIsRefused() throws IOException {
        Files.createSymbolicLink(root.resolve("dangling"), outside.resolve("not-yet.txt"));
        assertRefused("dangling");
    }

    @Test
    void symlinkStayingInsideIsAllowed() throws IOException {
        Files.createDirectories(root.resolve("real"));
        Files.createSymbolicLink(root.resolve("alias"), root.resolve("real"));
        assertThat(workspace.resolve("alias/f.txt"), is(root.resolve("real/f.txt")));
    }

    @Test
    void displayIsRelativeWithSlashes() {
        assertThat(workspace.display(root.resolve("a/b.txt")), is("a/b.txt"));
        assertThat(workspace.display(root), is("."));
    }

    @Test
    void deleteRemovesDirectoryButNotSymlinkTargets() throws IOException {
        Files.createDirectories(root.resolve("sub"));
        Files.writeString(root.resolve("sub/f.txt"), "x");
        Files.createSymbolicLink(root.resolve("sub/out"), outside);
        Files.createSymbolicLink(root.resolve("file-link"), outside.resolve("secret.txt"));

        workspace.delete();

        assertThat(Files.exists(root), is(false));
        assertThat(Files.readString(outside.resolve("secret.txt")), is("secret"));
    }

    @Test
    void sharedWorkspaceIsNeverDeleted() throws IOException {
        Workspace shared = new Workspace(temp.resolve("shared"), true);
        Files.writeString(shared.directory().resolve("keep.txt"), "x");

        shared.delete();

        assertThat(Files.exists(temp.resolve("shared/keep.txt")), is(true));
    }
}
