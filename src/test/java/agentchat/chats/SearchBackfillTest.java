package agentchat.chats;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import agentchat.attachments.AttachmentRepository;
import agentchat.db.Database;
import agentchat.messages.MessageContent;
import agentchat.messages.MessageRepository;
import agentchat.testing.Api;
import agentchat.testing.TestApp;
import agentchat.testing.TestDatabase;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServer;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import static agentchat.testing.TestApp.ALICE;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** Chats and messages stored before search existed (no search copies) become searchable at the next start. */
class SearchBackfillTest {

    @Test
    void rowsWithoutSearchCopiesAreIndexedWhenTheServerStarts() throws InterruptedException {
        TestDatabase.Target database = TestDatabase.fresh();
        String titled;
        String written;
        try (Database db = TestApp.openDatabase(database)) {
            ChatRepository chats = new ChatRepository(db);
            MessageRepository messages = new MessageRepository(db, new AttachmentRepository(db));
            titled = chats.insert("alice", "Old Zebracorn notes", Instant.now()).id();
            written = chats.insert("alice", "plain", Instant.now()).id();
            for (int i = 0; i < 1_200; i++) { // more than one batch
                messages.insertUserMessage(UUID.randomUUID().toString(), written,
                        List.of(new MessageContent.Text(i == 1_100 ? "the Quokkaroo line" : "line " + i)), Instant.now());
            }
            // as if written before migration V3
            db.execute().createUpdate("UPDATE chats SET search_title = NULL").execute();
            db.execute().createUpdate("UPDATE messages SET search_text = NULL, search_terms = NULL").execute();
        }
        TestApp app = TestApp.on(database, Map.of());
        WebServer server = WebServer.builder().host("localhost").port(0).update(app::configure).build().start();
        try {
            Api api = new Api(Http1Client.builder().baseUri("http://localhost:" + server.port()).build());
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            List<String> titleHits;
            List<String> textHits;
            do {
                Thread.sleep(100);
                titleHits = ids(api.get("/api/chats?q=zebracorn", ALICE).json());
                textHits = ids(api.get("/api/chats?q=QUOKKAROO", ALICE).json());
            } while ((titleHits.isEmpty() || textHits.isEmpty()) && System.nanoTime() < deadline);
            assertThat(titleHits, is(List.of(titled)));
            assertThat(textHits, is(List.of(written)));
        } finally {
            server.stop();
            app.close();
        }
    }

    private static List<String> ids(JsonObject page) {
        return page.getJsonArray("data").getValuesAs(JsonObject.class).stream().map(hit -> hit.getString("id")).toList();
    }
}
