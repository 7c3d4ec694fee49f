package agentchat.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static agentchat.tools.ToolTestSupport.input;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WriteAndEditToolTest {

    @TempDir
    Path temp;

    private Workspace workspace;
    private Path root;
    private final WriteTool write = new WriteTool();
    private final EditTool edit = new EditTool();

    @BeforeEach
    void setUp() {
        workspace = new Workspace(temp.resolve("ws"), false);
        root = workspace.directory();
    }

    @Test
    void writeCreatesParentDirectoriesAndReportsBytes() throws Exception {
        String result = write.run(workspace, input("path", "src/a/b.txt", "content", "héllo"));
        assertThat(Files.readString(root.resolve("src/a/b.txt")), is("héllo"));
        assertThat(result, is("Created src/a/b.txt (6 bytes written)"));
    }

    @Test
    void writeOverwrites() throws Exception {
        Files.writeString(root.resolve("a.txt"), "old content");
        assertThat(write.run(workspace, input("path", "a.txt", "content", "new")), containsString("Overwrote a.txt"));
        assertThat(Files.readString(root.resolve("a.txt")), is("new"));
    }

    @Test
    void writeThroughSymlinkedDirectoryOutsideIsRefused() throws IOException {
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Files.createSymbolicLink(root.resolve("out"), outside);
        assertThrows(ToolException.class, () -> write.run(workspace, input("path", "out/x.txt", "content", "x")));
        assertThat(Files.exists(outside.resolve("x.txt")), is(false));
    }

    @Test
    void editReplacesUniqueString() throws Exception {
        Files.writeString(root.resolve("a.txt"), "alpha beta gamma");
        String result = edit.run(workspace, input("path", "a.txt", "old_string", "beta", "new_string", "$1\\n"));
        assertThat(Files.readString(root.resolve("a.txt")), is("alpha $1\\n gamma"));
        assertThat(result, is("Replaced 1 occurrence in a.txt"));
    }

    @Test
    void editFailsWhenOldStringIsMissing() throws IOException {
        Files.writeString(root.resolve("a.txt"), "alpha");
        ToolException e = assertThrows(ToolException.class,
                () -> edit.run(workspace, input("path", "a.txt", "old_string", "omega", "new_string", "x")));
        assertThat(e.getMessage(), containsString("not found"));
    }

    @Test
    void editFailsWhenOldStringIsNotUniqueAndSaysHowOften() throws IOException {
        Files.writeString(root.resolve("a.txt"), "x x x");
        ToolException e = assertThrows(ToolException.class,
                () -> edit.run(workspace, input("path", "a.txt", "old_string", "x", "new_string", "y")));
        assertThat(e.getMessage(), containsString("occurs 3 times"));
        assertThat(Files.readString(root.resolve("a.txt")), is("x x x"));
    }

    @Test
    void editReplaceAllReplacesEveryOccurrence() throws Exception {
        Files.writeString(root.resolve("a.txt"), "x x x");
        String result = edit.run(workspace,
                input("path", "a.txt", "old_string", "x", "new_string", "yy", "replace_all", true));
        assertThat(Files.readString(root.resolve("a.txt")), is("yy yy yy"));
        assertThat(result, containsString("Replaced 3 occurrences"));
    }

    @Test
    void editRefusesEmptyOldString() throws IOException {
        Files.writeString(root.resolve("a.txt"), "alpha");
        ToolException e = assertThrows(ToolException.class,
                () -> edit.run(workspace, input("path", "a.txt", "old_string", "", "new_string", "x")));
        assertThat(e.getMessage(), containsString("must not be empty"));
    }

    @Test
    void editRefusesIdenticalStrings() throws IOException {
        Files.writeString(root.resolve("a.txt"), "alpha");
        ToolException e = assertThrows(ToolException.class,
                () -> edit.run(workspace, input("path", "a.txt", "old_string", "alpha", "new_string", "alpha")));
        assertThat(e.getMessage(), containsString("identical"));
    }

    @Test
    void editOfMissingFileIsReported() {
        ToolException e = assertThrows(ToolException.class,
                () -> edit.run(workspace, input("path", "nope.txt", "old_string", "a", "new_string", "b")));
        assertThat(e.getMessage(), containsString("File not found"));
    }
}
