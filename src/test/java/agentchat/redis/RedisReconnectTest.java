package agentchat.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import agentchat.testing.AnthropicStream;
import agentchat.testing.FakeReply;
import agentchat.testing.FakeUpstream;
import agentchat.testing.RedisServer;
import agentchat.testing.RunningServer;
import agentchat.testing.TestApp;
import agentchat.testing.TestDatabase;
import agentchat.testing.WsClient;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static agentchat.testing.TestApp.ALICE;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * Two instances in this JVM share a database and a Redis; a streamed answer is interrupted by
 * Redis trouble, and the socket on the other instance must still see every event exactly once,
 * in order. Pub/sub delivers at most once (what is published while a subscriber reconnects never
 * reaches it: filled from the journal); a hung Redis makes the turn's instance keep its events
 * and publish them when Redis answers again (once, though a publish that timed out still ran).
 */
class RedisReconnectTest {

    private static final FakeUpstream UPSTREAM = FakeUpstream.start();
    private static RedisServer redis;
    private static RunningServer a;
    private static RunningServer b;

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
        TestDatabase.Target database = TestDatabase.fresh();
        a = RunningServer.start(TestApp.on(database, config("a")));
        b = RunningServer.start(TestApp.on(database, config("b")));
    }

    private static Map<String, String> config(String instance) {
        Map<String, String> config = new HashMap<>();
        config.put("agent.provider", "anthropic");
        config.put("agent.base-url", UPSTREAM.baseUrl());
        config.put("agent.api-key", "test-upstream-key");
        config.put("live.redis-url", redis.url());
        config.put("live.instance-id", instance);
        return config;
    }

    @AfterAll
    static void stop() {
        a.close();
        b.close();
        redis.close();
        UPSTREAM.close();
    }

    @Test
    void eventsPublishedWhileTheSubscriberReconnectsAreFilledFromTheJournalOnceAndInOrder() throws Exception {
        String[] deltas = new String[60];
        for (int i = 0; i < deltas.length; i++) {
            deltas[i] = i + " ";
        }
        UPSTREAM.enqueue(FakeReply.sse(new AnthropicStream().text(deltas).events().stream()
                .map(event -> event.delayedBy(Duration.ofMillis(15))).toList()));
        String chatId = a.api().createChat(ALICE, null);
        try (WsClient onA = a.socket(chatId, ALICE).awaitSubscribed();
             WsClient onB = b.socket(chatId, ALICE).awaitSubscribed()) {
            List<JsonObject> seenOnA = new ArrayList<>(onA.sendMessage("count").until("message_delta"));

            String killed = redis.command("CLIENT KILL TYPE pubsub");

            seenOnA.addAll(onA.untilIdle());
            List<JsonObject> seenOnB = onB.untilIdle();
            assertThat(killed, is(":2"));
            assertThat(WsClient.text(seenOnB), is(String.join("", deltas)));
            assertThat(seenOnB.size(), is(seenOnA.size()));
            assertThat(seenOnB, is(seenOnA));
        }
    }

    @Test
    void eventsOfATurnStreamingWhileRedisHangsArriveLateButCompleteAndOnce() throws Exception {
        String[] deltas = new String[40];
        for (int i = 0; i < deltas.length; i++) {
            deltas[i] = "d" + i + " ";
        }
        UPSTREAM.enqueue(FakeReply.sse(new AnthropicStream().text(deltas).events().stream()
                .map(event -> event.delayedBy(Duration.ofMillis(50))).toList()));
        String chatId = a.api().createChat(ALICE, null);
        try (WsClient onA = a.socket(chatId, ALICE).awaitSubscribed();
             WsClient onB = b.socket(chatId, ALICE).awaitSubscribed()) {
            onA.sendMessage("count").until("message_delta");
            redis.pause();
            Thread.sleep(4000); // past the subscribers' 3 s of silence: both instances see Redis down
            redis.resume();

            List<JsonObject> seenOnB = onB.untilIdle();
            List<JsonObject> errors = seenOnB.stream().filter(e -> e.getString("type").equals("error")).toList();
            assertThat(errors.getFirst().getString("code"), is("REDIS_UNAVAILABLE"));
            assertThat(WsClient.text(seenOnB), is(String.join("", deltas)));
            assertThat(seenOnB.stream().filter(e -> e.getString("type").equals("message_complete")).count(), is(1L));
            JsonObject stored = b.api().get("/api/chats/" + chatId + "/messages", ALICE).json().getJsonArray("data")
                    .getJsonObject(1);
            assertThat(stored.getJsonArray("content").getJsonObject(0).getString("text"), is(String.join("", deltas)));
        }
    }
}
