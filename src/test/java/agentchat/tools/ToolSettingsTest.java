package agentchat.tools;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ToolSettingsTest {

    private static ToolSettings settings(Map<String, String> values) {
        return ToolSettings.from(Config.just(ConfigSources.create(values)));
    }

    @Test
    void defaultsEnableFileToolsButNotBash() {
        ToolSettings settings = ToolSettings.defaults();
        assertThat(settings.enabled(), is(List.of("Read", "Write", "Edit", "Glob", "Grep")));
        assertThat(settings.workspaceRoot(), is(Path.of("./data/workspaces")));
        assertThat(settings.sharedWorkspace(), is(Optional.empty()));
        assertThat(settings.approval(), is(ApprovalMode.NEVER));
        assertThat(settings.approvalTimeout(), is(Duration.ofSeconds(300)));
        assertThat(settings.readMaxBytes(), is(256 * 1024));
        assertThat(settings.outputMaxChars(), is(30_000));
        assertThat(settings.grepMaxMatches(), is(200));
        assertThat(settings.globMaxResults(), is(500));
        assertThat(settings.bashTimeout(), is(Duration.ofSeconds(120)));
        assertThat(settings.bashOutputMaxChars(), is(30_000));
    }

    @Test
    void enabledAcceptsCommaSeparatedStringCaseInsensitively() {
        ToolSettings settings = settings(Map.of("enabled", " read, BASH ,Grep"));
        assertThat(settings.enabled(), is(List.of("Read", "Bash", "Grep")));
    }

    @Test
    void enabledAcceptsList() {
        ToolSettings settings = settings(Map.of("enabled.0", "Bash", "enabled.1", "Read"));
        assertThat(settings.enabled(), is(List.of("Bash", "Read")));
    }

    @Test
    void noneDisablesAllTools() {
        assertThat(settings(Map.of("enabled", "none")).enabled(), is(empty()));
    }

    @Test
    void unknownToolNameFailsNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> settings(Map.of("enabled", "Read,Telnet")));
        assertThat(e.getMessage(), containsString("Telnet"));
    }

    @Test
    void readsEveryKey() {
        ToolSettings settings = settings(Map.ofEntries(
                Map.entry("workspace-root", "/srv/ws"),
                Map.entry("shared-workspace", "/srv/shared"),
                Map.entry("approval", "writes"),
                Map.entry("approval-timeout-seconds", "30"),
                Map.entry("read-max-bytes", "1000"),
                Map.entry("output-max-chars", "2000"),
                Map.entry("grep-max-matches", "3"),
                Map.entry("glob-max-results", "4"),
                Map.entry("bash-timeout-seconds", "5"),
                Map.entry("bash-output-max-chars", "6")));
        assertThat(settings, is(new ToolSettings(ToolSettings.DEFAULT_ENABLED, Path.of("/srv/ws"),
                Optional.of(Path.of("/srv/shared")), ApprovalMode.WRITES, Duration.ofSeconds(30), 1000, 2000, 3, 4,
                Duration.ofSeconds(5), 6)));
    }

    @Test
    void approvalTimeoutMayBeAFractionOfASecond() {
        assertThat(settings(Map.of("approval-timeout-seconds", "0.25")).approvalTimeout(), is(Duration.ofMillis(250)));
    }

    @Test
    void approvalTimeoutMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> settings(Map.of("approval-timeout-seconds", "0")));
        assertThrows(IllegalArgumentException.class, () -> settings(Map.of("approval-timeout-seconds", "soon")));
    }

    @Test
    void bashTimeoutAboveTenMinutesIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> settings(Map.of("bash-timeout-seconds", "601")));
    }

    @Test
    void unknownApprovalModeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> settings(Map.of("approval", "sometimes")));
    }
}
