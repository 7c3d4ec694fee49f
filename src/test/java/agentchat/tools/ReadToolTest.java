package agentchat.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static agentchat.tools.ToolTestSupport.input;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ReadToolTest {

    @TempDir
    Path temp;

    private Workspace workspace;
    private Path root;
    private final ReadTool read = new ReadTool(ToolSettings.defaults());

    @BeforeEach
    void setUp() {
        workspace = new Workspace(temp.resolve("ws"), false);
        root = workspace.directory();
    }

    @Test
    void returnsNumberedLines() throws Exception {
        Files.writeString(root.resolve("a.txt"), "one\ntwo\r\nthree");
        assertThat(read.run(workspace, input("path", "a.txt")), is("     1\tone\n     2\ttwo\n     3\tthree\n"));
    }

    @Test
    void offsetAndLimitSelectLines() throws Exception {
        Files.writeString(root.resolve("a.txt"), "1\n2\n3\n4\n5\n");
        assertThat(read.run(workspace, input("path", "a.txt", "offset", 2, "limit", 2)), is("     2\t2\n     3\t3\n"));
    }

    @Test
    void offsetPastTheEndSaysSo() throws Exception {
        Files.writeString(root.resolve("a.txt"), "1\n2\n");
        assertThat(read.run(workspace, input("path", "a.txt", "offset", 9)), containsString("has only 2 lines"));
    }

    @Test
    void largeFileIsCutAtReadMaxBytesWithContinuationNote() throws Exception {
        ReadTool small = new ReadTool(ToolTestSupport.settings(Map.of("read-max-bytes", "1000")));
        Files.writeString(root.resolve("big.txt"), "0123456789\n".repeat(1000));

        String result = small.run(workspace, input("path", "big.txt"));

        assertThat(result, containsString("offset=91 to continue"));
        assertThat(result.length(), lessThan(2000));
    }

    @Test
    void outputStaysBelowTheRunnersCap() throws Exception {
        Files.writeString(root.resolve("big.txt"), ("y".repeat(80) + "\n").repeat(5000));
        String result = read.run(workspace, input("path", "big.txt"));
        assertThat(result.length(), lessThan(30_000));
        assertThat(result, containsString("to continue"));
    }

    @Test
    void binaryFileWithNulBytesIsRefused() throws IOException {
        Files.write(root.resolve("b.bin"), new byte[] {'a', 0, 'b'});
        ToolException e = assertThrows(ToolException.class, () -> read.run(workspace, input("path", "b.bin")));
        assertThat(e.getMessage(), containsString("binary"));
    }

    @Test
    void invalidUtf8IsRefused() throws IOException {
        Files.write(root.resolve("latin1.txt"), new byte[] {'c', 'a', 'f', (byte) 0xE9, '\n'});
        ToolException e = assertThrows(ToolException.class, () -> read.run(workspace, input("path", "latin1.txt")));
        assertThat(e.getMessage(), containsString("not a UTF-8 text file"));
    }

    @Test
    void directoryIsRefused() throws IOException {
        Files.createDirectories(root.resolve("dir"));
        ToolException e = assertThrows(ToolException.class, () -> read.run(workspace, input("path", "dir")));
        assertThat(e.getMessage(), containsString("is a directory"));
    }

    @Test
    void missingFileIsReported() {
        ToolException e = assertThrows(ToolException.class, () -> read.run(workspace, input("path", "nope.txt")));
        assertThat(e.getMessage(), containsString("File not found: nope.txt"));
    }

    @Test
    void veryLongLineIsCut() throws Exception {
        ReadTool small = new ReadTool(ToolTestSupport.settings(Map.of("read-max-bytes", "100")));
        Files.writeString(root.resolve("long.txt"), "z".repeat(10_000));
        String result = small.run(workspace, input("path", "long.txt"));
        assertThat(result, containsString("[line cut]"));
        assertThat(result, not(containsString("z".repeat(101))));
    }
}
