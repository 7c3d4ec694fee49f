package agentchat.search;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import agentchat.attachments.AttachmentRepository;
import agentchat.chats.ChatRepository;
import agentchat.db.Database;
import agentchat.db.Rows;
import agentchat.messages.MessageContent;
import agentchat.messages.MessageRepository;
import agentchat.testing.TestApp;
import agentchat.testing.TestDatabase;
import io.helidon.dbclient.DbRow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * On MariaDB, the FULLTEXT narrowing never loses a hit: for many random texts and queries cut out of
 * them, the fulltext statement finds exactly the chats the plain scan finds.
 */
class FulltextNarrowingTest {

    private static final String[] SYLLABLES = {"ka", "ro", "mi", "the", "ab", "out", "zu", "é", "ß", "京", "-", "_",
            " ", " ", " ", ".", "Ka", "RO", "é", "X"};
    private static Database db;
    private static final List<String> TEXTS = new ArrayList<>();

    @BeforeAll
    static void seed() {
        Assumptions.assumeTrue(TestDatabase.kind() == TestDatabase.Kind.MARIADB, "MariaDB only (H2 has no FULLTEXT)");
        db = TestApp.openDatabase(TestDatabase.fresh());
        ChatRepository chats = new ChatRepository(db);
        MessageRepository messages = new MessageRepository(db, new AttachmentRepository(db));
        Random random = new Random(14);
        for (int i = 0; i < 60; i++) {
            StringBuilder text = new StringBuilder();
            for (int n = 5 + random.nextInt(60); n > 0; n--) {
                text.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
            }
            String chatId = chats.insert("alice", "chat " + i, Instant.now()).id();
            messages.insertUserMessage(UUID.randomUUID().toString(), chatId,
                    List.of(new MessageContent.Text(text.toString())), Instant.now());
            TEXTS.add(text.toString());
        }
    }

    @AfterAll
    static void close() {
        if (db != null) {
            db.close();
        }
    }

    private Set<String> hits(String statement, String query) {
        String lowered = SearchText.lower(query);
        var select = db.execute().createNamedQuery(statement)
                .addParam("pattern", SearchText.likePattern(lowered))
                .addParam("everyone", 1)
                .addParam("owner", "")
                .addParam("limit", 1000)
                .addParam("offset", 0);
        SearchText.fulltextQuery(lowered, SearchText.MIN_TERM).ifPresent(terms -> select.addParam("terms", terms));
        try (Stream<DbRow> rows = select.execute()) {
            return new HashSet<>(rows.map(row -> Rows.string(row, "id")).toList());
        }
    }

    @Test
    void theFulltextStatementFindsWhatTheScanFinds() {
        Random random = new Random(41);
        int narrowed = 0;
        for (int i = 0; i < 300; i++) {
            String text = TEXTS.get(random.nextInt(TEXTS.size()));
            int start = random.nextInt(text.length());
            String query = text.substring(start, Math.min(text.length(), start + 3 + random.nextInt(12)));
            if (SearchText.fulltextQuery(SearchText.lower(query), SearchText.MIN_TERM).isEmpty()) {
                continue;
            }
            narrowed++;
            Set<String> scanned = hits("search-chats-scan", query);
            assertThat("'" + query + "' found by the scan", scanned.isEmpty(), is(false));
            assertThat("'" + query + "'", hits("search-chats-fulltext", query), is(scanned));
        }
        assertThat("queries the index narrowed: " + narrowed, narrowed > 100, is(true));
    }
}
