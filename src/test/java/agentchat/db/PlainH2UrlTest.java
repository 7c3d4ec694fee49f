package agentchat.db;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import agentchat.testing.RunningServer;
import agentchat.testing.TestApp;
import agentchat.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static agentchat.testing.TestApp.ALICE;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** DB_URL may be any H2 URL: the compatibility options the shared SQL needs are added when it lacks them. */
class PlainH2UrlTest {

    @Test
    void aPlainFileUrlStartsTheServerAndStoresChats(@TempDir Path dir) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("plain");
        TestApp app = TestApp.on(new TestDatabase.Target(url, "sa", "", TestDatabase.Kind.H2), Map.of());
        try (RunningServer server = RunningServer.start(app)) {
            String chatId = server.api().createChat(ALICE, "On a plain URL");
            assertThat(server.api().get("/api/chats/" + chatId, ALICE).data().getString("title"), is("On a plain URL"));
            assertThat(server.api().get("/api/chats/" + chatId + "/messages", ALICE).status(), is(200));
        }
        assertThat(Files.exists(dir.resolve("plain.mv.db")), is(true));
    }

    @Test
    void missingOptionsAreAddedAndGivenOnesKept() {
        assertThat(DbSettings.h2Compatible("jdbc:h2:file:/srv/agentchat/db"),
                is("jdbc:h2:file:/srv/agentchat/db;MODE=MariaDB;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"));
        String full = "jdbc:h2:file:./data/agentchat;MODE=MariaDB;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        assertThat(DbSettings.h2Compatible(full), is(full));
        assertThat(DbSettings.h2Compatible("jdbc:h2:mem:x;mode=mariadb;DB_CLOSE_DELAY=-1"),
                is("jdbc:h2:mem:x;mode=mariadb;DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"));
    }

    @Test
    void aRelativeFilePathGetsTheDotH2Wants() {
        assertThat(DbSettings.h2Compatible("jdbc:h2:file:data/chat"), containsString("jdbc:h2:file:./data/chat;"));
        assertThat(DbSettings.h2Compatible("jdbc:h2:file:~/chat"), containsString("jdbc:h2:file:~/chat;"));
    }

    @Test
    void aConflictingOptionIsRefusedNamingWhatIsNeeded() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> DbSettings.h2Compatible("jdbc:h2:file:/srv/db;MODE=MySQL"));
        assertThat(e.getMessage(), containsString("MODE=MariaDB"));
    }

    @Test
    void mariaDbUrlsAreUntouched() {
        assertThat(DbSettings.h2Compatible("jdbc:mariadb://db:3306/agentchat"), is("jdbc:mariadb://db:3306/agentchat"));
    }
}
