package agentchat.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import agentchat.json.Json;
import agentchat.testing.AnthropicStream;
import agentchat.testing.Api;
import agentchat.testing.FakeEvent;
import agentchat.testing.FakeReply;
import agentchat.testing.FakeUpstream;
import agentchat.testing.RawUpgrade;
import agentchat.testing.RedisServer;
import agentchat.testing.TestDatabase;
import agentchat.testing.WsClient;
import io.helidon.webclient.http1.Http1Client;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.startsWith;

/**
 * Three real server processes (A, B, C) sharing one throwaway MariaDB and one throwaway Redis,
 * with one fake upstream whose replies are paced: every rule of the contract's "Several instances"
 * section, seen from clients that talk to different instances. Runs on MariaDB only (an H2 file
 * cannot be shared by processes); the processes are shared by the tests, the destructive ones
 * (restart, SIGKILL, Redis outage) run last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@EnabledIfSystemProperty(named = TestDatabase.DB_PROPERTY, matches = "mariadb",
        disabledReason = "several instances need a shared database: they run in the MariaDB execution only")
class ScaleOutTest {

    private static final String KEY = "scale-key";
    /** Short so that the SIGKILL test is quick; the Redis TTL is 70% of it. */
    private static final int LEASE_SECONDS = 6;

    private static TestDatabase.Target database;
    private static RedisServer redis;
    private static FakeUpstream upstream;
    private static Path workDir;
    private static final ServerProcess[] servers = new ServerProcess[3];

    @BeforeAll
    static void start() throws Exception {
        database = TestDatabase.fresh();
        redis = RedisServer.start();
        upstream = FakeUpstream.start();
        workDir = Files.createTempDirectory("agentchat-scaleout");
        servers[0] = startInstance("a"); // first alone: it migrates the empty database
        CompletableFuture<ServerProcess> b = CompletableFuture.supplyAsync(() -> startQuietly("b"));
        servers[2] = startInstance("c");
        servers[1] = b.join();
    }

    @AfterAll
    static void stop() throws Exception {
        for (ServerProcess server : servers) {
            if (server != null) {
                server.close();
            }
        }
        if (redis != null) {
            redis.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    private static ServerProcess startInstance(String id) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("API_KEYS", KEY);
        env.put("DB_URL", database.url());
        env.put("DB_USER", database.user());
        env.put("DB_PASSWORD", database.password());
        env.put("AGENT_PROVIDER", "anthropic");
        env.put("AGENT_BASE_URL", upstream.baseUrl());
        env.put("AGENT_API_KEY", "upstream-key");
        env.put("AGENT_TOOL_APPROVAL", "writes");
        env.put("AGENT_WORKSPACE", workDir.resolve("workspaces").toString()); // shared by every instance
        env.put("REDIS_URL", redis.url());
        env.put("INSTANCE_ID", id);
        return ServerProcess.start(workDir, env, List.of("-Dlive.owner-lease-seconds=" + LEASE_SECONDS,
                "-Dlive.flush-interval-ms=200"));
    }

    private static ServerProcess startQuietly(String id) {
        try {
            return startInstance(id);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ServerProcess a() {
        return servers[0];
    }

    private static ServerProcess b() {
        return servers[1];
    }

    private static ServerProcess c() {
        return servers[2];
    }

    private static Api api(ServerProcess server) {
        return new Api(Http1Client.builder().baseUri(server.base()).build());
    }

    private static WsClient socket(ServerProcess server, String chatId) {
        return WsClient.open(server.base(), chatId, KEY).awaitSubscribed();
    }

    private static String newChat() {
        return api(a()).createChat(KEY, null);
    }

    /** Text deltas {@code paceMs} apart, then the end of the message. */
    private static FakeReply paced(int paceMs, String... deltas) {
        return FakeReply.sse(new AnthropicStream().text(deltas).events().stream()
                .map(event -> event.delayedBy(Duration.ofMillis(paceMs))).toList());
    }

    /** A few deltas, then nothing: the turn runs until it is cancelled or its instance dies. */
    private static FakeReply endless(String... deltas) {
        List<FakeEvent> events = new AnthropicStream().text(deltas).head().stream()
                .map(event -> event.delayedBy(Duration.ofMillis(50))).toList();
        return FakeReply.sse(events).thenStall();
    }

    private static JsonObject lastOf(List<JsonObject> events, String type) {
        return events.stream().filter(e -> e.getString("type").equals(type)).reduce((x, y) -> y)
                .orElseThrow(() -> new AssertionError("no " + type + " in " + events));
    }

    private static String stopReason(JsonObject complete) {
        return complete.getJsonObject("message").getJsonObject("metadata").getString("stopReason");
    }

    @Test
    @Order(1)
    void aTicketIssuedOnAOpensASocketOnBOnceAndIsRefusedOnCAfterwards() {
        String chatId = newChat();
        String ticket = api(a()).post("/api/chats/" + chatId + "/ws-ticket", KEY, null).data().getString("ticket");

        try (WsClient onB = WsClient.open(WsClient.wsUri(b().base(), chatId, "ticket=" + ticket), null)) {
            onB.awaitSubscribed();
            RawUpgrade.Response again = RawUpgrade.send(c().base().getPort(),
                    "/api/chats/" + chatId + "/ws?ticket=" + ticket, Map.of());
            assertThat(again.status(), is(401));
            assertThat(Json.parseObject(again.body()).getString("code"), is("INVALID_API_KEY"));
        }
    }

    @Test
    @Order(2)
    void aTurnSentOnBStreamsIdenticallyToSocketsOnABAndC() {
        String chatId = newChat();
        upstream.enqueue(paced(30, "Every ", "instance ", "sees ", "the ", "same ", "stream."));
        try (WsClient onA = socket(a(), chatId); WsClient onB = socket(b(), chatId); WsClient onC = socket(c(), chatId)) {
            List<JsonObject> fromB = onB.sendMessage("hello").untilIdle();

            assertThat(WsClient.text(fromB), is("Every instance sees the same stream."));
            assertThat(onA.untilIdle(), is(fromB));
            assertThat(onC.untilIdle(), is(fromB));
            assertThat(stopReason(lastOf(fromB, "message_complete")), is("end_turn"));
        }
    }

    @Test
    @Order(3)
    void aSocketJoiningOnAMidTurnOfBEndsWithExactlyBsText() {
        String chatId = newChat();
        upstream.enqueue(paced(120, "one ", "two ", "three ", "four ", "five ", "six ", "seven ", "eight"));
        try (WsClient onB = socket(b(), chatId)) {
            List<JsonObject> fromB = new ArrayList<>(onB.sendMessage("count").until("message_delta"));
            fromB.addAll(onB.until("message_delta"));
            try (WsClient joiner = WsClient.open(a().base(), chatId, KEY)) {
                List<JsonObject> onA = joiner.untilIdle();
                fromB.addAll(onB.untilIdle());

                assertThat(onA.getFirst().getString("type"), is("message_start"));
                assertThat(onA.get(1).getString("type"), is("message_delta"));
                assertThat(onA.getFirst().getString("messageId"), is(lastOf(fromB, "message_start").getString("messageId")));
                assertThat(WsClient.text(fromB), is("one two three four five six seven eight"));
                assertThat(WsClient.text(onA), is(WsClient.text(fromB)));
                assertThat(lastOf(onA, "message_complete"), is(lastOf(fromB, "message_complete")));
            }
        }
    }

    @Test
    @Order(4)
    void aMessageSentOnCWhileBRunsTheChatsTurnIsChatBusy() {
        String chatId = newChat();
        upstream.enqueue(endless("still ", "going "));
        try (WsClient onB = socket(b(), chatId); WsClient onC = socket(c(), chatId)) {
            onB.sendMessage("first").until("message_delta");

            JsonObject busy = onC.sendMessage("second").until("error").getLast();
            assertThat(busy.getString("code"), is("CHAT_BUSY"));

            onB.cancel().untilIdle();
        }
        assertThat(api(c()).get("/api/chats/" + chatId + "/messages", KEY).json().getInt("total"), is(2));
    }

    @Test
    @Order(5)
    void cancelSentToCStopsTheTurnRunningOnBWithinTwoSeconds() throws InterruptedException {
        String chatId = newChat();
        int request = upstream.requestCount();
        upstream.enqueue(endless("partial ", "answer "));
        try (WsClient onB = socket(b(), chatId); WsClient onC = socket(c(), chatId)) {
            onB.sendMessage("go").until("message_delta");
            onC.until("message_delta");
            long start = System.nanoTime();

            JsonObject complete = onC.cancel().until("message_complete").getLast();

            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertThat("cancel took " + tookMs + " ms", tookMs, lessThan(2000L));
            assertThat(stopReason(complete), is("cancelled"));
            assertThat(upstream.awaitClientDisconnect(request, WsClient.WAIT), is(true));
            onB.untilIdle();
        }
        JsonObject stored = api(a()).get("/api/chats/" + chatId + "/messages", KEY).json().getJsonArray("data")
                .getJsonObject(1);
        assertThat(stored.getJsonObject("metadata").getString("stopReason"), is("cancelled"));
        assertThat(stored.getJsonArray("content").getJsonObject(0).getString("text"), startsWith("partial"));
    }

    @Test
    @Order(6)
    void anApprovalRequestedByTheTurnOnBIsAnsweredFromAAndOnlyOnce() throws Exception {
        String chatId = newChat();
        JsonObject write = Json.object().add("path", "answered-from-a.txt").add("content", "approved on A").build();
        upstream.enqueue(FakeReply.sse(new AnthropicStream().toolUse("toolu_a", "Write", write.toString()).events()),
                FakeReply.sse(FakeUpstream.anthropicText("Written.")));
        try (WsClient onA = socket(a(), chatId); WsClient onB = socket(b(), chatId); WsClient onC = socket(c(), chatId)) {
            onB.sendMessage("write the file");
            JsonObject request = onA.until("tool_approval_request").getLast();
            String requestId = request.getString("requestId");

            onA.send(answer(requestId));
            List<JsonObject> rest = onA.untilIdle();
            assertThat(lastOf(rest, "tool_result").getBoolean("isError"), is(false));
            assertThat(stopReason(lastOf(rest, "message_complete")), is("end_turn"));
            onB.untilIdle();

            onC.until("status"); // C's stream of the turn, up to its first status
            JsonObject late = onC.send(answer(requestId)).until("error").getLast();
            assertThat(late.getString("code"), is("UNKNOWN_REQUEST"));
        }
        assertThat(Files.readString(workDir.resolve("workspaces").resolve(chatId).resolve("answered-from-a.txt")),
                is("approved on A"));
    }

    private static JsonObject answer(String requestId) {
        return Json.object().add("type", "tool_approval_response").add("requestId", requestId).add("approved", true)
                .build();
    }

    @Test
    @Order(7)
    void deletingTheChatOnCStopsTheTurnOnBAndClosesItsSocketsOnEveryInstance() {
        String chatId = newChat();
        upstream.enqueue(endless("never ", "ends "));
        try (WsClient onA = socket(a(), chatId); WsClient onB = socket(b(), chatId)) {
            onB.sendMessage("go").until("message_delta");
            onA.until("message_delta");

            assertThat(api(c()).delete("/api/chats/" + chatId, KEY).status(), is(204));

            assertThat(stopReason(onA.until("message_complete").getLast()), is("cancelled"));
            assertThat(onA.awaitClose(), is(1000));
            assertThat(onB.awaitClose(), is(1000));
        }
        assertThat(api(b()).get("/api/chats/" + chatId + "/messages", KEY).status(), is(404));
    }

    @Test
    @Order(8)
    void restartingAnotherInstanceDuringATurnDoesNotInterruptIt() throws Exception {
        String chatId = newChat();
        String[] deltas = new String[40];
        for (int i = 0; i < deltas.length; i++) {
            deltas[i] = "w" + i + " ";
        }
        upstream.enqueue(paced(250, deltas)); // about 10 s
        try (WsClient onA = socket(a(), chatId); WsClient onB = socket(b(), chatId)) {
            onB.sendMessage("a long one").until("message_delta");
            assertThat(c().terminate(Duration.ofSeconds(20)), org.hamcrest.Matchers.anyOf(is(0), is(143)));
            servers[2] = startInstance("c2");
            try (WsClient onNewC = WsClient.open(c().base(), chatId, KEY)) {
                List<JsonObject> joined = onNewC.untilIdle();
                List<JsonObject> seen = onA.untilIdle();

                assertThat(stopReason(lastOf(seen, "message_complete")), is("end_turn"));
                assertThat(WsClient.text(seen), is(String.join("", deltas)));
                assertThat(lastOf(joined, "message_complete"), is(lastOf(seen, "message_complete")));
                onB.untilIdle();
            }
        }
    }

    @Test
    @Order(9)
    void sigtermOfTheOwnerEndsItsTurnAsInterruptedOnEverySocketBeforeItsOwnSocketsClose() throws Exception {
        String chatId = newChat();
        upstream.enqueue(endless("deploying "));
        try (WsClient onA = socket(a(), chatId); WsClient onB = socket(b(), chatId)) {
            onB.sendMessage("go").until("message_delta");
            onA.until("message_delta");

            assertThat(b().terminate(Duration.ofSeconds(20)), org.hamcrest.Matchers.anyOf(is(0), is(143)));

            JsonObject onOwner = onB.until("message_complete").getLast();
            assertThat(stopReason(onOwner), is("interrupted"));
            assertThat(onB.awaitClose(), is(1001));
            List<JsonObject> elsewhere = onA.untilIdle();
            assertThat(lastOf(elsewhere, "message_complete"), is(onOwner));
            assertThat(onA.isOpen(), is(true));
        }
        servers[1] = startInstance("b2");
    }

    @Test
    @Order(10)
    void theTurnOfAKilledInstanceIsStoredAndAnnouncedAsInterruptedWithinTheLeaseAndTheChatWorksAgain()
            throws Exception {
        String chatId = newChat();
        upstream.enqueue(endless("before ", "the ", "kill "));
        try (WsClient onA = socket(a(), chatId); WsClient onB = socket(b(), chatId)) {
            onB.sendMessage("go").until("message_delta");
            onA.until(event -> event.getString("type").equals("message_delta") && event.getString("delta").equals("kill "));
            Thread.sleep(600); // the streamed text reaches the database (flush every 200 ms here)

            long killed = System.nanoTime();
            b().kill();
            List<JsonObject> end = onA.untilIdle();
            long tookMs = (System.nanoTime() - killed) / 1_000_000;
            System.out.println("ScaleOutTest: SIGKILL of the owner -> interrupted event in " + tookMs
                    + " ms (owner-lease-seconds " + LEASE_SECONDS + ")");

            JsonObject complete = lastOf(end, "message_complete");
            assertThat(stopReason(complete), is("interrupted"));
            assertThat(complete.getJsonObject("message").getJsonArray("content").getJsonObject(0).getString("text"),
                    is("before the kill "));
            assertThat("interrupted after " + tookMs + " ms", tookMs, lessThan(LEASE_SECONDS * 1000L));
            JsonObject stored = api(c()).get("/api/chats/" + chatId + "/messages", KEY).json().getJsonArray("data")
                    .getJsonObject(1);
            assertThat(stored, is(complete.getJsonObject("message")));

            upstream.enqueue(FakeReply.sse(FakeUpstream.anthropicText("Back again.")));
            List<JsonObject> next = onA.sendMessage("still there?").untilIdle();
            assertThat(WsClient.text(next), is("Back again."));
        }
        servers[1] = startInstance("b3");
    }

    @Test
    @Order(11)
    void aHungRedisAnswersSocketActionsWithAnErrorAndSocketsCarryOnWhenItResumes() throws Exception {
        String watched = newChat();
        String other = newChat();
        try (WsClient onA = socket(a(), watched); WsClient sender = socket(a(), other)) {
            redis.pause(); // connections stay open, nothing answers
            long start = System.nanoTime();
            JsonObject refused = sender.sendMessage("while Redis hangs").until("error").getLast();
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(refused.getString("code"), is("REDIS_UNAVAILABLE"));
            assertThat("answered after " + tookMs + " ms", tookMs, lessThan(10_000L));
            assertThat(onA.until("error").getLast().getString("code"), is("REDIS_UNAVAILABLE"));
            awaitHealth(a(), "down");
            assertThat(api(a()).get("/api/chats/" + watched, KEY).status(), is(200));

            redis.resume();
            for (ServerProcess server : servers) {
                awaitHealth(server, "up");
            }
            upstream.enqueue(paced(20, "Redis ", "answers ", "again."));
            try (WsClient onC = socket(c(), watched)) {
                assertThat(WsClient.text(onC.sendMessage("and now?").untilIdle()), is("Redis answers again."));
            }
            assertThat("the socket opened before the hang follows again",
                    WsClient.text(onA.untilIdle()), is("Redis answers again."));
        }
    }

    @Test
    @Order(12)
    void withRedisStoppedRestWorksSocketsGetErrorsAndAfterARestartSocketsReconnectAndWork() throws Exception {
        String chatId = newChat();
        try (WsClient onA = socket(a(), chatId)) {
            upstream.enqueue(paced(10, "before"));
            onA.sendMessage("before the outage").untilIdle();
            redis.stop();
            assertThat(onA.until("error").getLast().getString("code"), is("REDIS_UNAVAILABLE"));
            awaitHealth(b(), "down");

            Api rest = api(b());
            assertThat(rest.get("/api/chats?limit=5", KEY).status(), is(200));
            String created = rest.createChat(KEY, "made while Redis is down");
            assertThat(rest.get("/api/chats/" + chatId + "/messages", KEY).json().getInt("total"), is(2));
            Api.Reply ticket = rest.post("/api/chats/" + created + "/ws-ticket", KEY, null);
            assertThat(ticket.status(), is(503));
            assertThat(ticket.code(), is("REDIS_UNAVAILABLE"));
            assertThat(onA.sendMessage("still down?").until("error").getLast().getString("code"),
                    is("REDIS_UNAVAILABLE"));

            redis.startAgain(); // empty: what it held is gone
            for (ServerProcess server : servers) {
                awaitHealth(server, "up");
            }
            assertThat("a socket that cannot know what it missed is told to reconnect", onA.awaitClose(), is(1013));
        }
        upstream.enqueue(paced(20, "Redis ", "is ", "back."));
        try (WsClient onA = socket(a(), chatId); WsClient onC = socket(c(), chatId)) {
            List<JsonObject> turn = onC.sendMessage("and now?").untilIdle();
            assertThat(WsClient.text(turn), is("Redis is back."));
            assertThat(onA.untilIdle(), is(turn));
        }
    }

    private static void awaitHealth(ServerProcess server, String redisState) throws InterruptedException {
        Api api = api(server);
        long deadline = System.nanoTime() + WsClient.WAIT.toNanos();
        JsonObject health = null;
        while (System.nanoTime() < deadline) {
            Api.Reply reply = api.get("/health", null);
            health = reply.json();
            if (reply.status() == 200 && redisState.equals(health.getString("redis"))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("redis never " + redisState + " on " + server.base() + ": " + health);
    }

}
