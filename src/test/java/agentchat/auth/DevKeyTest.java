package agentchat.auth;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import agentchat.testing.RunningServer;
import agentchat.testing.TestApp;
import agentchat.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/**
 * With no key configured (dev), the generated key survives a restart: a browser that stored it
 * is not sent back to the key prompt. It is kept in a file only its owner can read.
 */
class DevKeyTest {

    private static Map<String, String> noKeys(Path keyFile) {
        return Map.of("auth.api-keys-env", "",
                "auth.generate-key-when-empty", "true",
                "auth.generated-key-file", keyFile.toString());
    }

    @Test
    void theGeneratedKeyIsKeptOwnerOnlyAndStillWorksAfterARestart(@TempDir Path dir) throws Exception {
        Path keyFile = dir.resolve("data/dev-api-key");
        TestDatabase.Target database = TestDatabase.fresh();

        String key;
        TestApp first = TestApp.on(database, noKeys(keyFile));
        try (RunningServer server = RunningServer.start(first)) {
            key = first.app().devKey().key();
            assertThat(first.app().devKey().reused(), is(false));
            assertThat(server.api().get("/api/chats", key).status(), is(200));
        }
        assertThat(Files.readString(keyFile).strip(), is(key));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)), is("rw-------"));

        TestApp restarted = TestApp.on(database, noKeys(keyFile));
        try (RunningServer server = RunningServer.start(restarted)) {
            assertThat(restarted.app().devKey().reused(), is(true));
            assertThat("the key the browser kept still opens the API", server.api().get("/api/chats", key).status(),
                    is(200));
        }
    }

    @Test
    void configuredKeysWinAndTheKeptKeyNoLongerOpensAnything(@TempDir Path dir) {
        Path keyFile = dir.resolve("dev-api-key");
        TestDatabase.Target database = TestDatabase.fresh();
        TestApp dev = TestApp.on(database, noKeys(keyFile));
        String devKey = dev.app().devKey().key();
        dev.close();

        TestApp configured = TestApp.on(database, Map.of("auth.generate-key-when-empty", "true",
                "auth.generated-key-file", keyFile.toString()));
        try (RunningServer server = RunningServer.start(configured)) {
            assertThat(configured.app().devKey(), is(nullValue()));
            assertThat(server.api().get("/api/chats", devKey).status(), is(401));
            assertThat(server.api().get("/api/chats", TestApp.ALICE).status(), is(200));
        }
    }

    @Test
    void aFileThatHoldsNoKeyIsReplacedAndAReadableOneIsMadeOwnerOnly(@TempDir Path dir) throws Exception {
        Path keyFile = dir.resolve("dev-api-key");
        Files.writeString(keyFile, "not a key\n");
        DevKey replaced = DevKey.loadOrCreate(keyFile);
        assertThat(replaced.reused(), is(false));
        assertThat(replaced.key(), not("not a key"));
        assertThat(Files.readString(keyFile).strip(), is(replaced.key()));

        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(DevKey.loadOrCreate(keyFile).key(), is(replaced.key()));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)), is("rw-------"));
    }
}
