package agentchat.live;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import agentchat.json.Json;
import agentchat.testing.Api;
import agentchat.testing.FakeUpstream;
import agentchat.testing.RawUpgrade;
import agentchat.testing.TestApp;
import agentchat.testing.WsClient;
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
import static org.hamcrest.Matchers.both;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/** The socket route refuses before the protocol switch, with the contract's JSON, and admits what it should. */
@ServerTest
class WsHandshakeTest {

    static final String LISTED_ORIGIN = "https://app.example.com";

    private static final FakeUpstream UPSTREAM = FakeUpstream.start();
    private static final TestApp APP = LiveTestSupport.appFor(UPSTREAM, "anthropic",
            Map.of("auth.allowed-origins", "https://other.example.org, " + LISTED_ORIGIN));

    private final Api api;
    private final URI base;

    WsHandshakeTest(Http1Client client, URI base) {
        this.api = new Api(client);
        this.base = base;
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        APP.configure(server);
    }

    @AfterAll
    static void stopUpstream() {
        UPSTREAM.close();
    }

    private RawUpgrade.Response upgrade(String chatId, String query, Map<String, String> headers) {
        return RawUpgrade.send(base.getPort(), "/api/chats/" + chatId + "/ws" + (query.isEmpty() ? "" : "?" + query),
                headers);
    }

    private RawUpgrade.Response upgrade(String chatId, String query) {
        return upgrade(chatId, query, Map.of());
    }

    /** A refusal is a JSON {error, code, status} with the HTTP status, and no switch happened. */
    static void assertRefused(RawUpgrade.Response response, int status, String code) {
        assertThat(response.head(), response.status(), is(status));
        assertThat(response.head().toLowerCase(), containsString("content-type: application/json"));
        JsonObject body = Json.parseObject(response.body());
        assertThat(body.getString("code"), is(code));
        assertThat(body.getInt("status"), is(status));
        assertThat(body.getString("error").isBlank(), is(false));
    }

    private String ticketFor(String chatId, String key) {
        Api.Reply reply = api.post("/api/chats/" + chatId + "/ws-ticket", key, null);
        assertThat(reply.status(), is(201));
        return reply.data().getString("ticket");
    }

    @Test
    void noKeyIs401() {
        assertRefused(upgrade(api.createChat(ALICE, null), ""), 401, "INVALID_API_KEY");
    }

    @Test
    void wrongKeyIs401() {
        assertRefused(upgrade(api.createChat(ALICE, null), "token=not-a-key"), 401, "INVALID_API_KEY");
    }

    @Test
    void tokenQueryParameterUpgrades() {
        assertThat(upgrade(api.createChat(ALICE, null), "token=" + ALICE).status(), is(101));
    }

    @Test
    void bearerHeaderUpgrades() {
        String chatId = api.createChat(ALICE, null);
        assertThat(upgrade(chatId, "", Map.of("Authorization", "Bearer " + ALICE)).status(), is(101));
    }

    @Test
    void ticketEndpointIssuesATicketValidForAboutThirtySeconds() {
        String chatId = api.createChat(ALICE, null);
        Instant before = Instant.now();
        Api.Reply reply = api.post("/api/chats/" + chatId + "/ws-ticket", ALICE, null);
        assertThat(reply.status(), is(201));
        JsonObject data = reply.data();
        assertThat(data.getString("ticket").length(), greaterThan(20));
        assertThat(data.getString("expiresAt"), data.getString("expiresAt").matches(
                "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"), is(true));
        long secondsAhead = Duration.between(before, Instant.parse(data.getString("expiresAt"))).toSeconds();
        assertThat(secondsAhead, both(greaterThan(20L)).and(lessThan(40L)));
    }

    @Test
    void aTicketUpgradesOnce() {
        String chatId = api.createChat(ALICE, null);
        String ticket = ticketFor(chatId, ALICE);
        assertThat(upgrade(chatId, "ticket=" + ticket).status(), is(101));
        assertRefused(upgrade(chatId, "ticket=" + ticket), 401, "INVALID_API_KEY");
    }

    @Test
    void aTicketOpensARealSocketThatWorks() {
        String chatId = api.createChat(ALICE, null);
        String ticket = ticketFor(chatId, ALICE);
        try (WsClient ws = WsClient.open(WsClient.wsUri(base, chatId, "ticket=" + ticket), null)) {
            ws.sendText("not json");
            assertThat(ws.next().getString("code"), is("INVALID_JSON"));
        }
    }

    @Test
    void aTicketForAnotherChatIs401() {
        String chatId = api.createChat(ALICE, null);
        String other = api.createChat(ALICE, null);
        assertRefused(upgrade(other, "ticket=" + ticketFor(chatId, ALICE)), 401, "INVALID_API_KEY");
    }

    @Test
    void anUnknownTicketIs401() {
        assertRefused(upgrade(api.createChat(ALICE, null), "ticket=made-up"), 401, "INVALID_API_KEY");
    }

    @Test
    void aTicketDoesNotFallBackToAValidKey() {
        String chatId = api.createChat(ALICE, null);
        assertRefused(upgrade(chatId, "ticket=made-up&token=" + ALICE), 401, "INVALID_API_KEY");
    }

    @Test
    void foreignOriginWithAValidKeyIs403() {
        String chatId = api.createChat(ALICE, null);
        assertRefused(upgrade(chatId, "token=" + ALICE, Map.of("Origin", "https://evil.example")), 403,
                "ORIGIN_NOT_ALLOWED");
    }

    @Test
    void sameHostOnAnotherPortIsAForeignOrigin() {
        String chatId = api.createChat(ALICE, null);
        assertRefused(upgrade(chatId, "token=" + ALICE, Map.of("Origin", "http://localhost:1")), 403,
                "ORIGIN_NOT_ALLOWED");
    }

    @Test
    void nullOriginIs403() {
        String chatId = api.createChat(ALICE, null);
        assertRefused(upgrade(chatId, "token=" + ALICE, Map.of("Origin", "null")), 403, "ORIGIN_NOT_ALLOWED");
    }

    @Test
    void aClientCannotSmuggleAnOriginThroughTheInternalHeader() {
        String chatId = api.createChat(ALICE, null);
        assertRefused(upgrade(chatId, "token=" + ALICE, Map.of("Origin", "https://evil.example",
                "X-Agentchat-Deferred-Origin", "http://localhost:" + base.getPort())), 403, "ORIGIN_NOT_ALLOWED");
    }

    @Test
    void theInternalOriginHeaderFromAClientIsIgnored() {
        String chatId = api.createChat(ALICE, null);
        assertThat(upgrade(chatId, "token=" + ALICE, Map.of("X-Agentchat-Deferred-Origin", "https://evil.example"))
                .status(), is(101));
    }

    @Test
    void sameOriginAsTheHostHeaderUpgrades() {
        String chatId = api.createChat(ALICE, null);
        assertThat(upgrade(chatId, "token=" + ALICE, Map.of("Origin", "http://localhost:" + base.getPort()))
                .status(), is(101));
    }

    @Test
    void aConfiguredOriginUpgrades() {
        String chatId = api.createChat(ALICE, null);
        assertThat(upgrade(chatId, "token=" + ALICE, Map.of("Origin", LISTED_ORIGIN)).status(), is(101));
    }

    @Test
    void aConfiguredOriginOpensARealSocket() {
        String chatId = api.createChat(ALICE, null);
        try (WsClient ws = WsClient.open(WsClient.wsUri(base, chatId, "token=" + ALICE), LISTED_ORIGIN)) {
            ws.sendText("[]");
            assertThat(ws.next().getString("code"), is("INVALID_JSON"));
        }
    }

    @Test
    void unknownChatIs404() {
        assertRefused(upgrade("7d5c3b0e-0000-4000-8000-000000000000", "token=" + ALICE), 404, "NOT_FOUND");
    }

    @Test
    void malformedChatIdIs404() {
        assertRefused(upgrade("not-a-uuid", "token=" + ALICE), 404, "NOT_FOUND");
    }

    @Test
    void anotherPrincipalsChatIs404() {
        String alicesChat = api.createChat(ALICE, null);
        assertRefused(upgrade(alicesChat, "token=" + BOB), 404, "NOT_FOUND");
    }

    @Test
    void anotherPrincipalCannotGetATicketForTheChat() {
        String alicesChat = api.createChat(ALICE, null);
        assertThat(api.post("/api/chats/" + alicesChat + "/ws-ticket", BOB, null).code(), is("NOT_FOUND"));
    }

    @Test
    void ticketForUnknownChatIs404() {
        Api.Reply reply = api.post("/api/chats/7d5c3b0e-0000-4000-8000-000000000000/ws-ticket", ALICE, null);
        assertThat(reply.status(), is(404));
        assertThat(reply.code(), is("NOT_FOUND"));
    }

    @Test
    void ticketWithoutKeyIs401() {
        String chatId = api.createChat(ALICE, null);
        Api.Reply reply = api.post("/api/chats/" + chatId + "/ws-ticket", null, null);
        assertThat(reply.status(), is(401));
        assertThat(reply.code(), is("INVALID_API_KEY"));
    }

    @Test
    void plainGetOnTheSocketPathIs426Json() {
        String chatId = api.createChat(ALICE, null);
        Api.Reply reply = api.get("/api/chats/" + chatId + "/ws", ALICE);
        assertThat(reply.status(), is(426));
        assertThat(reply.contentType(), startsWith("application/json"));
        assertThat(reply.code(), is("UPGRADE_REQUIRED"));
        assertThat(reply.json().getInt("status"), is(426));
    }

    @Test
    void plainGetWithoutKeyIs401NotAHintThatTheChatExists() {
        String chatId = api.createChat(ALICE, null);
        assertThat(api.get("/api/chats/" + chatId + "/ws", null).status(), is(401));
    }

    @Test
    void aTrailingSlashDoesNotBypassThePolicy() {
        String chatId = api.createChat(ALICE, null);
        RawUpgrade.Response response = RawUpgrade.send(base.getPort(), "/api/chats/" + chatId + "/ws/", Map.of());
        assertThat(response.head(), response.status(), not(is(101)));
    }
}
