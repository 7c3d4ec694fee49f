package agentchat.live;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import agentchat.testing.AnthropicCacheAccounting;
import agentchat.testing.AnthropicCacheAccounting.Charge;
import agentchat.testing.FakeReply;
import agentchat.testing.FakeUpstream;
import agentchat.testing.RecordedRequest;
import agentchat.testing.RunningServer;
import agentchat.testing.WsClient;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static agentchat.live.ProviderWire.input;
import static agentchat.live.TurnEvents.completed;
import static agentchat.testing.TestApp.ALICE;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

/**
 * Prompt caching through the running server and its database, against a fake Anthropic upstream
 * that accounts like the real API: what the upstream billed is what each answer's metadata says,
 * every request stays within four breakpoints, and each turn reads the turns before it from the
 * cache even though the conversation is rebuilt from stored messages every time.
 */
class PromptCachingLiveTest {

    /** About 1,500 tokens, so the prefix is cacheable from the first turn. */
    private static final String SYSTEM_PROMPT = "Answer like a patient teacher. ".repeat(200);

    private static FakeUpstream upstream;
    private static AnthropicCacheAccounting accounting;
    private static RunningServer server;
    private static FakeUpstream plainUpstream;
    private static AnthropicCacheAccounting plainAccounting;
    private static RunningServer plainServer;

    @BeforeAll
    static void start() throws Exception {
        String workspaces = Files.createTempDirectory("agentchat-caching").toString();
        upstream = FakeUpstream.start();
        accounting = new AnthropicCacheAccounting();
        upstream.answerThrough(accounting::answer);
        server = RunningServer.start(LiveTestSupport.appFor(upstream, "anthropic", Map.of(
                "agent.system-prompt", SYSTEM_PROMPT, "agent.tools.workspace-root", workspaces)));
        plainUpstream = FakeUpstream.start();
        plainAccounting = new AnthropicCacheAccounting();
        plainUpstream.answerThrough(plainAccounting::answer);
        plainServer = RunningServer.start(LiveTestSupport.appFor(plainUpstream, "anthropic", Map.of(
                "agent.system-prompt", SYSTEM_PROMPT, "agent.tools.workspace-root", workspaces,
                "agent.prompt-caching", "false")));
    }

    @AfterAll
    static void stop() {
        server.close();
        upstream.close();
        plainServer.close();
        plainUpstream.close();
    }

    private static int breakpoints(RecordedRequest request) {
        return request.body().split("\"cache_control\"", -1).length - 1;
    }

    private static JsonArray storedMessages(RunningServer on, String chatId) {
        return on.api().get("/api/chats/" + chatId + "/messages", ALICE).json().getJsonArray("data");
    }

    private static Charge sum(List<Charge> charges) {
        return new Charge("", charges.stream().mapToLong(Charge::inputTokens).sum(),
                          charges.stream().mapToLong(Charge::cacheReadTokens).sum(),
                          charges.stream().mapToLong(Charge::cacheWriteTokens).sum(), 0);
    }

    private static void assertMetadataIs(JsonObject metadata, Charge charge, long outputTokens) {
        assertThat(metadata.getJsonNumber("inputTokens").longValue(), is(charge.inputTokens()));
        assertThat(metadata.getJsonNumber("cacheReadTokens").longValue(), is(charge.cacheReadTokens()));
        assertThat(metadata.getJsonNumber("cacheWriteTokens").longValue(), is(charge.cacheWriteTokens()));
        // claude-sonnet-4-5: $3 input, $15 output, $0.30 cache read, $3.75 cache write (5 minutes)
        assertThat(metadata.getJsonNumber("totalCostUsd").doubleValue(),
                   closeTo((charge.inputTokens() * 3 + outputTokens * 15 + charge.cacheReadTokens() * 0.3
                           + charge.cacheWriteTokens() * 3.75) / 1e6, 1e-9));
    }

    @Test
    void eachAnswerOfALongChatStoresTheUpstreamsCacheAccountingAndReadsTheEarlierTurnsFromTheCache() {
        String chatId = server.api().createChat(ALICE, null);
        int first = upstream.requestCount();
        int turns = 6;
        try (WsClient ws = server.socket(chatId, ALICE)) {
            for (int turn = 0; turn < turns; turn++) {
                upstream.enqueue(FakeReply.sse(FakeUpstream.anthropicText(
                        "Answer " + turn + ": ", "the cache keeps what came before. ".repeat(20))));
                List<JsonObject> events = ws.sendMessage("Question " + turn + ": " + "why cache? ".repeat(30))
                        .untilIdle();
                JsonObject metadata = completed(events).getJsonObject("metadata");
                assertMetadataIs(metadata, accounting.charge(first + turn), metadata.getInt("outputTokens"));
            }
        }

        JsonArray stored = storedMessages(server, chatId);
        assertThat(stored.size(), is(2 * turns));
        for (int turn = 0; turn < turns; turn++) {
            JsonObject metadata = stored.getJsonObject(2 * turn + 1).getJsonObject("metadata");
            assertMetadataIs(metadata, accounting.charge(first + turn), metadata.getInt("outputTokens"));
            assertThat(breakpoints(upstream.request(first + turn)), is(turn == 0 ? 2 : 3));
        }
        for (int turn = 1; turn < turns; turn++) {
            Charge before = accounting.charge(first + turn - 1);
            Charge charge = accounting.charge(first + turn);
            assertThat("turn " + turn + " reads what the turn before cached, from stored messages",
                       charge.cacheReadTokens(), is(before.cacheReadTokens() + before.cacheWriteTokens()));
            assertThat(charge.cacheReadTokens(), greaterThan(charge.inputTokens() + charge.cacheWriteTokens()));
        }
    }

    @Test
    void aToolLoopMarksItsGrowingEndAndItsAnswerStoresTheSumOfItsCalls() {
        String chatId = server.api().createChat(ALICE, null);
        int first = upstream.requestCount();
        upstream.enqueue(
                FakeReply.sse(FakeUpstream.anthropicToolUse("toolu_w", "Write", ProviderWire.split(
                        input("path", "notes.md", "content", "cache me\n").toString()))),
                FakeReply.sse(FakeUpstream.anthropicToolUse("toolu_r1", "Read", "{\"path\":\"notes.md\"}")),
                FakeReply.sse(FakeUpstream.anthropicToolUse("toolu_g", "Glob", "{\"pattern\":\"*.md\"}")),
                FakeReply.sse(FakeUpstream.anthropicText("Wrote, read and found notes.md.")));

        JsonObject message;
        try (WsClient ws = server.socket(chatId, ALICE)) {
            message = completed(ws.sendMessage("Write notes.md, read it, then list the notes").untilIdle());
        }

        assertThat(upstream.requestCount() - first, is(4));
        for (int call = 0; call < 4; call++) {
            assertThat(breakpoints(upstream.request(first + call)), lessThanOrEqualTo(4));
        }
        assertThat("calls 2..4: tools, system and the newest tool result",
                   breakpoints(upstream.request(first + 3)), is(3));
        for (int call = 1; call < 4; call++) {
            Charge before = accounting.charge(first + call - 1);
            assertThat(accounting.charge(first + call).cacheReadTokens(),
                       is(before.cacheReadTokens() + before.cacheWriteTokens()));
        }
        Charge total = sum(accounting.charges().subList(first, first + 4));
        JsonObject metadata = message.getJsonObject("metadata");
        assertMetadataIs(metadata, total, metadata.getInt("outputTokens"));
        assertThat(storedMessages(server, chatId).getJsonObject(1).getJsonObject("metadata"), is(metadata));
    }

    @Test
    void withCachingOffNoRequestCarriesABreakpointAndNothingIsReadOrWritten() {
        String chatId = plainServer.api().createChat(ALICE, null);
        int first = plainUpstream.requestCount();
        plainUpstream.enqueue(FakeReply.sse(FakeUpstream.anthropicText("one")),
                              FakeReply.sse(FakeUpstream.anthropicText("two")));

        try (WsClient ws = plainServer.socket(chatId, ALICE)) {
            ws.sendMessage("First").untilIdle();
            ws.sendMessage("Second").untilIdle();
        }

        for (int i = first; i < plainUpstream.requestCount(); i++) {
            assertThat(breakpoints(plainUpstream.request(i)), is(0));
        }
        JsonObject metadata = storedMessages(plainServer, chatId).getJsonObject(3).getJsonObject("metadata");
        assertThat(metadata.getJsonNumber("cacheReadTokens").longValue(), is(0L));
        assertThat(metadata.getJsonNumber("cacheWriteTokens").longValue(), is(0L));
        assertThat(metadata.getJsonNumber("inputTokens").longValue(),
                   is(plainAccounting.charge(first + 1).totalInputTokens()));
    }
}
