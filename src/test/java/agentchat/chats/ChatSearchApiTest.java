package agentchat.chats;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import agentchat.attachments.AttachmentRepository;
import agentchat.db.Database;
import agentchat.json.Json;
import agentchat.messages.MessageContent;
import agentchat.messages.MessageMetadata;
import agentchat.messages.MessageRepository;
import agentchat.testing.Api;
import agentchat.testing.TestApp;
import agentchat.testing.TestImages;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static agentchat.testing.TestApp.ALICE;
import static agentchat.testing.TestApp.BOB;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * GET /api/chats?q=: titles and message text, case-insensitive and literal, newest first, paged,
 * each hit with a snippet, only the caller's chats. Runs on H2 (scan) and MariaDB (FULLTEXT).
 */
@ServerTest
class ChatSearchApiTest {

    private static final TestApp APP = TestApp.create();
    private static final Database DB = TestApp.openDatabase(APP.database());
    private static final MessageRepository MESSAGES = new MessageRepository(DB, new AttachmentRepository(DB));

    private final Api api;

    ChatSearchApiTest(Http1Client client) {
        this.api = new Api(client);
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        APP.configure(server);
    }

    @AfterAll
    static void closeDatabase() {
        DB.close();
    }

    /** A word no other test uses, so that tests sharing the server do not see each other's hits. */
    private static String unique() {
        return "w" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private static void user(String chatId, String text) {
        MESSAGES.insertUserMessage(UUID.randomUUID().toString(), chatId, List.of(new MessageContent.Text(text)),
                Instant.now());
    }

    private static void assistant(String chatId, MessageContent... parts) {
        String id = UUID.randomUUID().toString();
        MESSAGES.insertStreaming(id, chatId, Instant.now());
        MESSAGES.complete(id, List.of(parts), MessageMetadata.stoppedBy("end_turn"), Instant.now());
    }

    private List<JsonObject> search(String key, String query) {
        // the client encodes query values itself; none of these queries holds '&' or '='
        Api.Reply reply = api.get("/api/chats?q=" + query, key);
        assertThat(reply.text(), reply.status(), is(200));
        return reply.json().getJsonArray("data").getValuesAs(JsonObject.class);
    }

    private static List<String> ids(List<JsonObject> hits) {
        return hits.stream().map(hit -> hit.getString("id")).toList();
    }

    @Test
    void findsATitleIgnoringCaseAndShowsItAsTheMatch() {
        String word = unique();
        String chatId = api.createChat(ALICE, "Budget " + word.toUpperCase() + " review");
        List<JsonObject> hits = search(ALICE, word);
        assertThat(ids(hits), contains(chatId));
        assertThat(hits.getFirst().getString("match"), is("Budget " + word.toUpperCase() + " review"));
        assertThat(hits.getFirst().getString("title"), is("Budget " + word.toUpperCase() + " review"));
    }

    @Test
    void findsUserAndAssistantTextWithTheTextAroundTheHit() {
        String word = unique();
        String asked = api.createChat(ALICE, "one");
        user(asked, "Where did we put the " + word + " file?");
        String answered = api.createChat(ALICE, "two");
        user(answered, "hello");
        assistant(answered, new MessageContent.Text("It is in **" + word.toUpperCase() + "**, next to the others."));

        List<JsonObject> hits = search(ALICE, word);
        assertThat(ids(hits), contains(answered, asked));
        assertThat(hits.get(0).getString("match"), is("It is in **" + word.toUpperCase() + "**, next to the others."));
        assertThat(hits.get(1).getString("match"), is("Where did we put the " + word + " file?"));
    }

    @Test
    void findsTextInsideAWordAndAcrossWords() {
        String word = unique();
        String chatId = api.createChat(ALICE, null);
        user(chatId, "Sx" + word + "ending and then the quick brown " + word);
        assertThat(ids(search(ALICE, word.substring(3, 9))), contains(chatId));
        assertThat(ids(search(ALICE, "x" + word + "end")), contains(chatId));
        assertThat(ids(search(ALICE, "quick brown " + word)), contains(chatId));
        assertThat(ids(search(ALICE, "quick  brown " + word)), is(empty()));
        assertThat(ids(search(ALICE, "brown quick " + word)), is(empty()));
    }

    @Test
    void wildcardsQuotesAndBackslashesArePlainCharacters() {
        String word = unique();
        String percent = api.createChat(ALICE, null);
        user(percent, word + " costs 50% less, path C:\\tmp\\x_y and it's \"quoted\"");
        String other = api.createChat(ALICE, null);
        user(other, word + " costs 500 less, path C:/tmp/xzy and its quoted");

        assertThat(ids(search(ALICE, word + " costs 50%")), contains(percent));
        assertThat(ids(search(ALICE, "50% less")), contains(percent));
        assertThat(ids(search(ALICE, word + " costs 5_0")), is(empty()));
        assertThat(ids(search(ALICE, "C:\\tmp\\x_y")), contains(percent));
        assertThat(ids(search(ALICE, "it's \"quoted\"")), contains(percent));
        assertThat(search(ALICE, "%").stream().anyMatch(hit -> hit.getString("id").equals(other)), is(false));
        assertThat(search(ALICE, "_").stream().anyMatch(hit -> hit.getString("id").equals(other)), is(false));
    }

    @Test
    void caseIsIgnoredButAccentsAreNot() {
        String word = unique();
        String chatId = api.createChat(ALICE, null);
        user(chatId, "Le Café " + word);
        assertThat(ids(search(ALICE, "CAFÉ " + word)), contains(chatId));
        assertThat(ids(search(ALICE, "cafe " + word)), is(empty()));
    }

    @Test
    void shortWordsStopwordsAndOtherScriptsAreFoundToo() {
        String word = unique();
        String chatId = api.createChat(ALICE, null);
        user(chatId, word + " is about the OK plan: 東京都の会議 and مرحبا بالعالم and 🎉 party");
        for (String query : List.of("OK", "about the", "the", "京都", "رحب", "🎉 party", "is a")) {
            assertThat(query, search(ALICE, query).stream().anyMatch(hit -> hit.getString("id").equals(chatId)), is(true));
        }
    }

    @Test
    void toolCallsToolResultsAndImagesAreNotSearched() {
        String word = unique();
        String chatId = api.createChat(ALICE, null);
        String attachmentId = api.upload(chatId, ALICE, "image/png", TestImages.png(0x123456)).data().getString("id");
        MESSAGES.insertUserMessage(UUID.randomUUID().toString(), chatId,
                List.of(MessageContent.Image.of(chatId, attachmentId, "image/png")), Instant.now());
        assistant(chatId,
                new MessageContent.ToolUse("toolu_1", "Read", Json.object().add("path", word + ".txt").build()),
                new MessageContent.ToolResult("toolu_1", "contents of " + word, false),
                new MessageContent.Text("Done."));
        assertThat(search(ALICE, word), is(empty()));
        assertThat(search(ALICE, attachmentId.substring(0, 8)), is(empty()));
    }

    @Test
    void aLongMessageGivesASnippetOfAbout200CharactersAroundTheFirstHit() {
        String word = unique();
        String chatId = api.createChat(ALICE, null);
        user(chatId, "lorem ipsum ".repeat(400) + "FIRST " + word + " hit" + " dolor sit".repeat(400) + " " + word);
        String match = search(ALICE, word).getFirst().getString("match");
        assertThat(match, containsString("FIRST " + word + " hit"));
        assertThat(match, startsWith("…"));
        assertThat(match, endsWith("…"));
        assertThat(match.length(), lessThanOrEqualTo(202));
    }

    @Test
    void hitsAreNewestFirstAndPagedWithTheTotalOfAllHits() throws InterruptedException {
        String word = unique();
        String[] chats = new String[5];
        for (int i = 0; i < chats.length; i++) {
            chats[i] = api.createChat(ALICE, "chat " + i);
            user(chats[i], "number " + i + " " + word);
            Thread.sleep(3);
        }
        JsonObject first = api.get("/api/chats?limit=2&offset=0&q=" + word, ALICE).json();
        assertThat(first.getInt("total"), is(5));
        assertThat(ids(first.getJsonArray("data").getValuesAs(JsonObject.class)), contains(chats[4], chats[3]));
        JsonObject last = api.get("/api/chats?limit=2&offset=4&q=" + word, ALICE).json();
        assertThat(ids(last.getJsonArray("data").getValuesAs(JsonObject.class)), contains(chats[0]));
        JsonObject past = api.get("/api/chats?limit=2&offset=10&q=" + word, ALICE).json();
        assertThat(past.getJsonArray("data").size(), is(0));
        assertThat(past.getInt("total"), is(5));

        user(chats[1], "again " + word);
        assertThat(ids(search(ALICE, word)).getFirst(), is(chats[1]));
    }

    @Test
    void anotherPrincipalNeverSeesTheHits() {
        String word = unique();
        String aliceChat = api.createChat(ALICE, "title " + word);
        user(aliceChat, "text " + word);
        String bobChat = api.createChat(BOB, "bob's own");
        user(bobChat, "bob also wrote " + word);
        assertThat(ids(search(BOB, word)), contains(bobChat));
        assertThat(ids(search(BOB, "title " + word)), is(empty()));
        assertThat(api.get("/api/chats?q=" + word, BOB).json().getInt("total"), is(1));
        assertThat(ids(search(ALICE, word)), contains(aliceChat));
    }

    @Test
    void aRenamedChatIsFoundByItsNewTitleOnly() {
        String word = unique();
        String chatId = api.createChat(ALICE, "old " + word);
        api.patch("/api/chats/" + chatId, ALICE, Json.object().add("title", "new " + word).build());
        assertThat(ids(search(ALICE, "new " + word)), contains(chatId));
        assertThat(ids(search(ALICE, "old " + word)), is(empty()));
    }

    @Test
    void aDeletedChatIsNoLongerFound() {
        String word = unique();
        String chatId = api.createChat(ALICE, null);
        user(chatId, word);
        api.delete("/api/chats/" + chatId, ALICE);
        assertThat(search(ALICE, word), is(empty()));
    }

    @Test
    void anEmptyQueryListsEveryChatAndAQueryOver200CharactersIs400() {
        assertThat(api.get("/api/chats?q=", ALICE).json().getInt("total"),
                is(api.get("/api/chats", ALICE).json().getInt("total")));
        Api.Reply tooLong = api.get("/api/chats?q=" + "x".repeat(201), ALICE);
        assertThat(tooLong.status(), is(400));
        assertThat(tooLong.code(), is("VALIDATION_ERROR"));
        assertThat(api.get("/api/chats?q=" + "é".repeat(200), ALICE).status(), is(200));
        assertThat(api.get("/api/chats?limit=0&q=x", ALICE).code(), is("VALIDATION_ERROR"));
    }
}
