package agentchat.process;

import java.nio.file.Files;
import java.nio.file.Path;

import agentchat.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * The browser tests run with the playwright-core the repository pins, not whatever is newest on
 * the day: the lockfile is part of the repository and ui-tests/run.sh installs from it.
 */
class UiTestsLockfileTest {

    private static final Path UI_TESTS = Path.of("ui-tests");

    @Test
    void theLockfileIsCommittedAndPinsPlaywrightCoreWithItsChecksum() throws Exception {
        assertThat(Files.readAllLines(Path.of(".gitignore")), not(hasItem(containsString("package-lock.json"))));
        JsonObject lock = Json.parseObject(Files.readString(UI_TESTS.resolve("package-lock.json")));
        String wanted = Json.parseObject(Files.readString(UI_TESTS.resolve("package.json")))
                .getJsonObject("devDependencies").getString("playwright-core");
        JsonObject locked = lock.getJsonObject("packages").getJsonObject("node_modules/playwright-core");
        assertThat(locked.getString("version"), is(wanted));
        assertThat(locked.getString("integrity"), containsString("sha512-"));
    }

    @Test
    void runShInstallsWithNpmCi() throws Exception {
        String script = Files.readString(UI_TESTS.resolve("run.sh"));
        assertThat(script, containsString("npm ci "));
        assertThat(script, not(containsString("npm install")));
    }
}
