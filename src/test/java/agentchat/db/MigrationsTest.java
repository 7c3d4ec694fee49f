package agentchat.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import agentchat.chats.ChatRepository;
import agentchat.http.Paging;
import agentchat.testing.TestApp;
import agentchat.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/** The start skips Flyway only when the schema already has every version this build ships. */
class MigrationsTest {

    private static final Pattern VERSION = Pattern.compile("^V(\\d+)__.+\\.(sql|java)$");

    @Test
    void theShippedVersionsAreExactlyTheMigrationFiles() throws IOException {
        List<String> files;
        try (Stream<Path> sql = Files.list(Path.of("src/main/resources/db/migration"));
             Stream<Path> java = Files.list(Path.of("src/main/java/db/migration"))) {
            files = Stream.concat(sql, java)
                    .map(path -> VERSION.matcher(path.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(match -> match.group(1))
                    .toList();
        }
        assertThat("add the new version to Migrations.VERSIONS", Migrations.VERSIONS,
                containsInAnyOrder(files.toArray()));
    }

    @Test
    void aFreshDatabaseIsMigratedAndTheNextStartSkipsFlyway() {
        TestDatabase.Target target = TestDatabase.fresh();
        try (Database first = TestApp.openDatabase(target)) {
            assertThat(first.openedIn(), containsString("migrations"));
            new ChatRepository(first).insert("alice", "Kept", Instant.now());
        }
        try (Database second = TestApp.openDatabase(target)) {
            assertThat(second.openedIn(), containsString("schema current"));
            assertThat(new ChatRepository(second).list("alice", new Paging(20, 0)).items().getFirst().title(), is("Kept"));
        }
    }

    @Test
    void aDatabaseBehindTheNewestVersionIsMigratedByFlyway() {
        TestDatabase.Target target = TestDatabase.fresh();
        Flyway.configure().dataSource(DbSettings.h2Compatible(target.url()), target.user(), target.password())
                .locations("classpath:db/migration").target("2").load().migrate();
        try (Database db = TestApp.openDatabase(target)) {
            assertThat(db.openedIn(), not(containsString("schema current")));
            new ChatRepository(db).insert("alice", "After V5", Instant.now());
            assertThat(new ChatRepository(db).list("alice", new Paging(20, 0)).total(), is(1L));
        }
        try (Database again = TestApp.openDatabase(target)) {
            assertThat(again.openedIn(), containsString("schema current"));
        }
    }
}
