package agentchat.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static agentchat.tools.ToolTestSupport.input;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GlobAndGrepToolTest {

    @TempDir
    Path temp;

    private Workspace workspace;
    private Path root;
    private Path outside;

    @BeforeEach
    void setUp() throws IOException {
        workspace = new Workspace(temp.resolve("ws"), false);
        root = workspace.directory();
        outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("Secret.java"), "class Secret {}");
    }

    private void file(String path, String content, long epochSecond) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        Files.setLastModifiedTime(file, FileTime.from(Instant.ofEpochSecond(epochSecond)));
    }

    @Test
    void globFindsNestedAndTopLevelFilesNewestFirst() throws Exception {
        file("A.java", "", 1000);
        file("src/main/B.java", "", 3000);
        file("src/C.java", "", 2000);
        file("notes.txt", "", 4000);

        String result = new GlobTool(ToolSettings.defaults()).run(workspace, input("pattern", "**/*.java"));

        assertThat(result, is("src/main/B.java\nsrc/C.java\nA.java"));
    }

    @Test
    void globSearchesUnderAPathAndShowsWorkspaceRelativePaths() throws Exception {
        file("src/C.java", "", 1);
        file("other/D.java", "", 1);
        assertThat(new GlobTool(ToolSettings.defaults()).run(workspace, input("pattern", "*.java", "path", "src")),
                is("src/C.java"));
    }

    @Test
    void globIsCappedWithNote() throws Exception {
        for (int i = 0; i < 5; i++) {
            file("f" + i + ".txt", "", 1000 + i);
        }
        GlobTool glob = new GlobTool(ToolTestSupport.settings(Map.of("glob-max-results", "2")));

        String result = glob.run(workspace, input("pattern", "*.txt"));

        assertThat(result, containsString("f4.txt\nf3.txt\n[Showing the 2 most recently modified of 5"));
    }

    @Test
    void globDoesNotDescendIntoSymlinkedDirectories() throws Exception {
        Files.createSymbolicLink(root.resolve("out"), outside);
        String result = new GlobTool(ToolSettings.defaults()).run(workspace, input("pattern", "**/*.java"));
        assertThat(result, not(containsString("Secret")));
    }

    @Test
    void globOutsideWorkspaceIsRefused() {
        assertThrows(ToolException.class,
                () -> new GlobTool(ToolSettings.defaults()).run(workspace, input("pattern", "*", "path", "..")));
    }

    @Test
    void grepReportsFileLineAndText() throws Exception {
        file("src/A.java", "package x;\nclass UserService {}\n", 1);
        file("README.md", "the UserService handles users\n", 1);

        String result = new GrepTool(ToolSettings.defaults()).run(workspace, input("pattern", "User\\w+"));

        assertThat(result, is("README.md:1: the UserService handles users\nsrc/A.java:2: class UserService {}"));
    }

    @Test
    void grepFiltersByGlobAndIgnoresCaseOnRequest() throws Exception {
        file("src/A.java", "class userservice {}\n", 1);
        file("README.md", "USERSERVICE\n", 1);

        String result = new GrepTool(ToolSettings.defaults()).run(workspace,
                input("pattern", "UserService", "glob", "*.java", "case_insensitive", true));

        assertThat(result, is("src/A.java:1: class userservice {}"));
    }

    @Test
    void grepIsCappedWithNote() throws Exception {
        file("many.txt", "hit\n".repeat(50), 1);
        GrepTool grep = new GrepTool(ToolTestSupport.settings(Map.of("grep-max-matches", "3")));

        String result = grep.run(workspace, input("pattern", "hit"));

        assertThat(result, is("many.txt:1: hit\nmany.txt:2: hit\nmany.txt:3: hit\n"
                + "[Stopped after 3 matches; narrow the pattern, path or glob.]"));
    }

    @Test
    void grepSkipsBinaryFiles() throws Exception {
        Files.write(root.resolve("blob.bin"), new byte[] {'h', 'i', 't', 0});
        file("a.txt", "hit\n", 1);

        String result = new GrepTool(ToolSettings.defaults()).run(workspace, input("pattern", "hit"));

        assertThat(result, is("a.txt:1: hit\n[1 file skipped: binary, not UTF-8 or larger than 10 MiB.]"));
    }

    @Test
    void grepCutsLongLines() throws Exception {
        file("long.txt", "hit" + "x".repeat(1000) + "\n", 1);
        String result = new GrepTool(ToolSettings.defaults()).run(workspace, input("pattern", "hit"));
        assertThat(result, containsString("[line cut]"));
        assertThat(result.length() < 400, is(true));
    }

    @Test
    void grepRejectsBadRegexClearly() {
        ToolException e = assertThrows(ToolException.class,
                () -> new GrepTool(ToolSettings.defaults()).run(workspace, input("pattern", "(unclosed")));
        assertThat(e.getMessage(), containsString("Invalid regular expression"));
    }

    @Test
    void grepDoesNotReadThroughSymlinks() throws Exception {
        Files.createSymbolicLink(root.resolve("Secret.java"), outside.resolve("Secret.java"));
        Files.createSymbolicLink(root.resolve("out"), outside);
        String result = new GrepTool(ToolSettings.defaults()).run(workspace, input("pattern", "Secret"));
        assertThat(result, containsString("No matches"));
    }
}
