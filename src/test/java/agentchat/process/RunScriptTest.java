package agentchat.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.is;

/**
 * {@code ./run.sh} never runs stale code: it builds when the sources changed since the jar was
 * built (as after a git pull), and only then. Run on a copy of the script with stand-ins for
 * {@code mvn} and {@code java} that record how they were called.
 */
class RunScriptTest {

    private static final Instant BUILT = Instant.parse("2026-11-20T10:00:00Z");

    @TempDir
    Path project;
    private Path calls;

    @BeforeEach
    void project() throws IOException {
        Path repo = Path.of("").toAbsolutePath();
        Files.createDirectories(project.resolve(".ci"));
        Files.copy(repo.resolve("run.sh"), project.resolve("run.sh"));
        Files.copy(repo.resolve(".ci/jdk.sh"), project.resolve(".ci/jdk.sh"));
        calls = project.resolve("calls.log");
        Path bin = Files.createDirectories(project.resolve("fake-jdk/bin"));
        Files.writeString(project.resolve("fake-jdk/release"), "JAVA_VERSION=\"25.0.1\"\n");
        script(bin.resolve("java"), "echo \"java $*\" >> " + calls);
        script(bin.resolve("javac"), "exit 0");
        Path tools = Files.createDirectories(project.resolve("tools"));
        script(tools.resolve("mvn"), "echo \"mvn $*\" >> " + calls + "\nmkdir -p target && touch target/agentchat.jar");
        Files.writeString(project.resolve("pom.xml"), "<project/>");
        Files.writeString(project.resolve("application.yaml"), "server: {}");
        Files.createDirectories(project.resolve("src/main/java/agentchat"));
        Files.writeString(project.resolve("src/main/java/agentchat/App.java"), "class App {}");
        Files.createDirectories(project.resolve("target"));
        Files.writeString(project.resolve("target/agentchat.jar"), "jar");
        for (Path path : List.of(project.resolve("pom.xml"), project.resolve("application.yaml"),
                project.resolve("src/main/java/agentchat/App.java"), project.resolve("src/main/java/agentchat"),
                project.resolve("src/main/java"), project.resolve("src/main"), project.resolve("src"))) {
            Files.setLastModifiedTime(path, FileTime.from(BUILT.minusSeconds(3600)));
        }
        Files.setLastModifiedTime(project.resolve("target/agentchat.jar"), FileTime.from(BUILT));
    }

    private static void script(Path path, String body) throws IOException {
        Files.writeString(path, "#!/usr/bin/env bash\n" + body + "\n");
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private List<String> run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", project.resolve("run.sh").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("JAVA_HOME", project.resolve("fake-jdk").toString());
        builder.environment().put("PATH", project.resolve("tools") + ":/usr/bin:/bin");
        Process process = builder.redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(output, process.waitFor(30, TimeUnit.SECONDS), is(true));
        assertThat(output, process.exitValue(), is(0));
        return calls().stream().map(call -> call.startsWith("java ") && call.endsWith(" -jar target/agentchat.jar")
                ? "java -jar target/agentchat.jar" : call).toList();
    }

    private List<String> calls() throws IOException {
        return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    }

    /** The jvmFlag values of the Jib configuration in the repository's pom.xml. */
    private static List<String> imageJvmFlags() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        List<String> flags = new ArrayList<>();
        Matcher flag = Pattern.compile("<jvmFlag>([^<]+)</jvmFlag>").matcher(pom);
        while (flag.find()) {
            flags.add(flag.group(1));
        }
        return flags;
    }

    @Test
    void theServerRunsWithTheContainerImagesJvmFlagsAndItsOwnClassDataArchive() throws Exception {
        run();
        String java = calls().getLast();
        List<String> image = imageJvmFlags();
        assertThat(image.isEmpty(), is(false));
        for (String flag : image) {
            if (flag.startsWith("-XX:SharedArchiveFile=")) {
                // the image keeps its archive in the data volume; run.sh next to the jar it belongs to
                assertThat(java, containsString(" -XX:SharedArchiveFile=target/agentchat.jsa "));
            } else {
                assertThat(java, containsString(" " + flag + " "));
            }
        }
        assertThat(java, endsWith(" -jar target/agentchat.jar"));
    }

    @Test
    void javaOptsAreAddedToTheFlags() throws Exception {
        List<String> command = List.of("bash", project.resolve("run.sh").toString());
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("JAVA_HOME", project.resolve("fake-jdk").toString());
        builder.environment().put("PATH", project.resolve("tools") + ":/usr/bin:/bin");
        builder.environment().put("JAVA_OPTS", "-Xmx300m -Dx=y");
        Process process = builder.redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        assertThat(process.waitFor(30, TimeUnit.SECONDS), is(true));
        assertThat(calls().getLast(), containsString(" -Xmx300m -Dx=y -jar target/agentchat.jar"));
    }

    @Test
    void anUpToDateJarRunsWithoutABuild() throws Exception {
        assertThat(run(), contains("java -jar target/agentchat.jar"));
    }

    @Test
    void aSourceChangedSinceTheBuildIsBuiltBeforeRunning() throws Exception {
        Files.writeString(project.resolve("src/main/java/agentchat/App.java"), "class App { int pulled; }");
        Files.setLastModifiedTime(project.resolve("src/main/java/agentchat/App.java"), FileTime.from(BUILT.plusSeconds(60)));
        assertThat(run(), contains("mvn -B -q -DskipTests package", "java -jar target/agentchat.jar"));
    }

    @Test
    void aDeletedSourceFileCountsAsAChange() throws Exception {
        Files.delete(project.resolve("src/main/java/agentchat/App.java"));
        assertThat(run(), contains("mvn -B -q -DskipTests package", "java -jar target/agentchat.jar"));
    }

    @Test
    void aChangedPomOrConfigurationIsBuiltToo() throws Exception {
        Files.setLastModifiedTime(project.resolve("application.yaml"), FileTime.from(BUILT.plusSeconds(1)));
        assertThat(run(), contains("mvn -B -q -DskipTests package", "java -jar target/agentchat.jar"));
    }

    @Test
    void aMissingJarOrBuildFlagBuilds() throws Exception {
        assertThat(run("--build"), contains("mvn -B -q -DskipTests package", "java -jar target/agentchat.jar"));
        Files.delete(calls);
        Files.delete(project.resolve("target/agentchat.jar"));
        assertThat(run(), contains("mvn -B -q -DskipTests package", "java -jar target/agentchat.jar"));
    }
}
