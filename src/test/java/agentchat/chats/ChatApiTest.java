package agentchat.chats;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import agentchat.json.Json;
import agentchat.testing.Api;
import agentchat.testing.TestApp;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static agentchat.testing.TestApp.ALICE;
import static agentchat.testing.TestApp.BOB;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;

@ServerTest
class ChatApiTest {

    private static final TestApp APP = TestApp.create();
    private static final String TIMESTAMP = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";

    private final Api api;

    ChatApiTest(Http1Client client) {
        this.api = new Api(client);
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        APP.configure(server);
    }

    @Test
    void createWithoutBodyGives201WithDefaultTitle() {
        Api.Reply reply = api.send(Method.POST, "/api/chats", ALICE, null, null);
        assertThat(reply.status(), is(201));
        JsonObject chat = reply.data();
        assertThat(chat.getString("title"), is("New Chat"));
        assertThat(chat.getString("id"), matchesPattern("[0-9a-f-]{36}"));
        assertThat(chat.get("sessionId"), is(JsonValue.NULL));
        assertThat(chat.getString("createdAt"), matchesPattern(TIMESTAMP));
        assertThat(chat.getString("updatedAt"), is(chat.getString("createdAt")));
        assertThat(reply.contentType(), matchesPattern("application/json.*"));
    }

    @Test
    void createWithJsonContentTypeAndNoBodyIsAccepted() {
        assertThat(api.send(Method.POST, "/api/chats", ALICE, "application/json", null).status(), is(201));
    }

    @Test
    void createWithEmptyObjectGivesDefaultTitle() {
        assertThat(api.post("/api/chats", ALICE, Json.object().build()).data().getString("title"), is("New Chat"));
    }

    @Test
    void createTrimsTitleAndIgnoresUnknownFields() {
        JsonObject body = Json.object().add("title", "  Plans  ").add("colour", "blue").build();
        assertThat(api.post("/api/chats", ALICE, body).data().getString("title"), is("Plans"));
    }

    @Test
    void blankTitleBecomesNewChat() {
        assertThat(api.post("/api/chats", ALICE, Json.object().add("title", "   ").build()).data().getString("title"),
                is("New Chat"));
    }

    @Test
    void titleOf200CharactersIsAcceptedAnd201IsRejected() {
        assertThat(api.post("/api/chats", ALICE, Json.object().add("title", "é".repeat(200)).build()).status(), is(201));
        Api.Reply tooLong = api.post("/api/chats", ALICE, Json.object().add("title", "x".repeat(201)).build());
        assertThat(tooLong.status(), is(400));
        assertThat(tooLong.code(), is("VALIDATION_ERROR"));
    }

    @Test
    void titleThatIsNotAStringIsAValidationError() {
        Api.Reply reply = api.post("/api/chats", ALICE, Json.object().add("title", 5).build());
        assertThat(reply.status(), is(400));
        assertThat(reply.code(), is("VALIDATION_ERROR"));
    }

    @Test
    void getReturnsTheCreatedChat() {
        String id = api.createChat(ALICE, "Mine");
        Api.Reply reply = api.get("/api/chats/" + id, ALICE);
        assertThat(reply.status(), is(200));
        assertThat(reply.data().getString("title"), is("Mine"));
    }

    @Test
    void unknownAndMalformedIdsAre404Json() {
        for (String id : List.of("00000000-0000-0000-0000-000000000000", "not-a-uuid", "%27%20OR%201=1")) {
            Api.Reply reply = api.get("/api/chats/" + id, ALICE);
            assertThat(id, reply.status(), is(404));
            assertThat(reply.code(), is("NOT_FOUND"));
        }
    }

    @Test
    void patchRenamesAndBumpsUpdatedAt() throws InterruptedException {
        String id = api.createChat(ALICE, "Before");
        JsonObject before = api.get("/api/chats/" + id, ALICE).data();
        Thread.sleep(5);
        Api.Reply reply = api.patch("/api/chats/" + id, ALICE, Json.object().add("title", " After ").build());
        assertThat(reply.status(), is(200));
        assertThat(reply.data().getString("title"), is("After"));
        assertThat(reply.data().getString("updatedAt").compareTo(before.getString("updatedAt")) > 0, is(true));
        assertThat(api.get("/api/chats/" + id, ALICE).data().getString("title"), is("After"));
    }

    @Test
    void patchWithoutTitleChangesNothing() {
        String id = api.createChat(ALICE, "Same");
        Api.Reply reply = api.patch("/api/chats/" + id, ALICE, Json.object().add("other", 1).build());
        assertThat(reply.status(), is(200));
        assertThat(reply.data().getString("title"), is("Same"));
    }

    @Test
    void patchOfUnknownChatIs404AndBadTitleIs400() {
        assertThat(api.patch("/api/chats/00000000-0000-0000-0000-000000000000", ALICE,
                Json.object().add("title", "x").build()).status(), is(404));
        String id = api.createChat(ALICE, "Keep");
        Api.Reply bad = api.patch("/api/chats/" + id, ALICE, Json.object().add("title", JsonValue.TRUE).build());
        assertThat(bad.status(), is(400));
        assertThat(bad.code(), is("VALIDATION_ERROR"));
    }

    private long total(String key) {
        return api.get("/api/chats?limit=1", key).json().getJsonNumber("total").longValue();
    }

    @Test
    void theListTotalFollowsTheOwnersCreatesAndDeletesAndCountsTwoDeletesAtOnceOnce() throws Exception {
        long alice = total(ALICE);
        long bob = total(BOB);
        String first = api.createChat(ALICE, "counted 1");
        String second = api.createChat(ALICE, "counted 2");
        api.createChat(BOB, "not Alice's");
        assertThat(total(ALICE), is(alice + 2));
        assertThat(total(BOB), is(bob + 1));
        assertThat(api.delete("/api/chats/" + first, ALICE).status(), is(204));
        assertThat(api.delete("/api/chats/" + first, ALICE).status(), is(404));
        assertThat(total(ALICE), is(alice + 1));
        List<Future<Integer>> deletes = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 4; i++) {
                deletes.add(pool.submit(() -> api.delete("/api/chats/" + second, ALICE).status()));
            }
        }
        for (Future<Integer> delete : deletes) {
            assertThat(delete.get(), anyOf(is(204), is(404)));
        }
        assertThat(total(ALICE), is(alice));
        assertThat(total(BOB), is(bob + 1));
    }

    @Test
    void deleteGives204ThenTheChatIsGone() {
        String id = api.createChat(ALICE, "Doomed");
        Api.Reply deleted = api.delete("/api/chats/" + id, ALICE);
        assertThat(deleted.status(), is(204));
        assertThat(deleted.text(), is(""));
        assertThat(api.get("/api/chats/" + id, ALICE).status(), is(404));
        assertThat(api.delete("/api/chats/" + id, ALICE).status(), is(404));
        assertThat(api.get("/api/chats/" + id + "/messages", ALICE).status(), is(404));
    }

    @Test
    void listIsNewestUpdatedFirstWithFullTotal() throws InterruptedException {
        List<String> created = new ArrayList<>();
        long totalBefore = api.get("/api/chats?limit=1", ALICE).json().getJsonNumber("total").longValue();
        for (int i = 0; i < 3; i++) {
            created.add(api.createChat(ALICE, "order " + i));
            Thread.sleep(3);
        }
        api.patch("/api/chats/" + created.getFirst(), ALICE, Json.object().add("title", "renamed").build());
        var data = api.get("/api/chats?limit=3", ALICE).json();
        assertThat(data.getJsonNumber("total").longValue(), is(totalBefore + 3));
        List<String> ids = data.getJsonArray("data").getValuesAs(JsonObject.class).stream()
                .map(chat -> chat.getString("id")).toList();
        assertThat(ids, is(List.of(created.get(0), created.get(2), created.get(1))));
    }

    @Test
    void limitAndOffsetPage() {
        for (int i = 0; i < 3; i++) {
            api.createChat(ALICE, "page " + i);
        }
        JsonObject all = api.get("/api/chats?limit=200", ALICE).json();
        long total = all.getJsonNumber("total").longValue();
        JsonObject second = api.get("/api/chats?limit=1&offset=1", ALICE).json();
        assertThat(second.getJsonArray("data").size(), is(1));
        assertThat(second.getJsonArray("data").getJsonObject(0).getString("id"),
                is(all.getJsonArray("data").getJsonObject(1).getString("id")));
        assertThat(second.getJsonNumber("total").longValue(), is(total));
        JsonObject beyond = api.get("/api/chats?offset=" + total, ALICE).json();
        assertThat(beyond.getJsonArray("data").size(), is(0));
        assertThat(beyond.getJsonNumber("total").longValue(), is(total));
    }

    @Test
    void defaultPageSizeIs50() {
        for (int i = 0; i < 51; i++) {
            api.createChat(ALICE, null);
        }
        assertThat(api.get("/api/chats", ALICE).json().getJsonArray("data").size(), is(50));
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=201", "limit=-1", "limit=abc", "limit=", "limit=1.5", "offset=-1",
            "offset=x", "limit=99999999999999999999"})
    void badPagingIs400ValidationError(String query) {
        for (String path : List.of("/api/chats?", "/api/chats/" + api.createChat(ALICE, null) + "/messages?")) {
            Api.Reply reply = api.get(path + query, ALICE);
            assertThat(path + query, reply.status(), is(400));
            assertThat(reply.code(), is("VALIDATION_ERROR"));
            assertThat(reply.json().getInt("status"), is(400));
        }
    }

    @Test
    void messagesOfANewChatAreEmpty() {
        String id = api.createChat(ALICE, null);
        JsonObject reply = api.get("/api/chats/" + id + "/messages", ALICE).json();
        assertThat(reply.getJsonArray("data").size(), is(0));
        assertThat(reply.getJsonNumber("total").longValue(), is(0L));
    }
}
