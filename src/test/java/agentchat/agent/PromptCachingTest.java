package agentchat.agent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import agentchat.messages.Message;
import agentchat.testing.AnthropicCacheAccounting;
import agentchat.testing.AnthropicStream;
import agentchat.testing.FakeReply;
import agentchat.testing.FakeUpstream;
import agentchat.testing.RecordedRequest;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static agentchat.agent.TestAgents.assistant;
import static agentchat.agent.TestAgents.user;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

/**
 * Prompt caching against a fake that accounts like the Anthropic API: where the breakpoints go, that
 * there are never more than four, and that the usage reported is the upstream's accounting.
 */
class PromptCachingTest {

    /** The model whose prices and cache minimum the figures below use. */
    private static final String MODEL = "claude-sonnet-4-5";

    /** About 1,500 tokens: long enough to be cacheable on its own (1,024 for Sonnet). */
    private static final String LONG_SYSTEM_PROMPT = "You are a careful assistant. ".repeat(210);

    private final FakeUpstream upstream = FakeUpstream.start();
    private final AnthropicCacheAccounting accounting = new AnthropicCacheAccounting();
    private final FakeTools tools = new FakeTools();
    private AgentClient client;

    PromptCachingTest() {
        upstream.answerThrough(accounting::answer);
        client = new AnthropicClient(TestAgents.settings("anthropic", upstream.baseUrl(), "model", MODEL), tools);
    }

    @AfterEach
    void tearDown() {
        client.close();
        upstream.close();
    }

    private RecordingCallbacks send(List<Message> conversation) {
        return send(new TurnRequest("chat-1", conversation, null, null, LONG_SYSTEM_PROMPT));
    }

    private RecordingCallbacks send(TurnRequest request) {
        RecordingCallbacks callbacks = new RecordingCallbacks();
        client.sendMessage(request, callbacks);
        return callbacks;
    }

    /** The content blocks and tools carrying cache_control, as "tools[i]", "system[i]", "block[i]" over all messages. */
    private static List<String> breakpoints(RecordedRequest request) {
        JsonObject body = request.json();
        List<String> marks = new ArrayList<>();
        JsonArray tools = body.getJsonArray("tools");
        for (int i = 0; tools != null && i < tools.size(); i++) {
            if (tools.getJsonObject(i).containsKey("cache_control")) {
                marks.add("tools[" + i + "]");
            }
        }
        if (body.get("system") instanceof JsonArray system) {
            for (int i = 0; i < system.size(); i++) {
                if (system.getJsonObject(i).containsKey("cache_control")) {
                    marks.add("system[" + i + "]");
                }
            }
        }
        int block = 0;
        for (JsonValue message : body.getJsonArray("messages")) {
            for (JsonValue part : message.asJsonObject().getJsonArray("content")) {
                if (part.asJsonObject().containsKey("cache_control")) {
                    marks.add("block[" + block + "]");
                }
                block++;
            }
        }
        return marks;
    }

    private static void assertUsageIs(Usage usage, AnthropicCacheAccounting.Charge charge) {
        assertThat(usage.inputTokens(), is(charge.inputTokens()));
        assertThat(usage.cacheReadTokens(), is(charge.cacheReadTokens()));
        assertThat(usage.cacheWriteTokens(), is(charge.cacheWriteTokens()));
    }

    @Test
    void eachTurnOfALongChatReadsTheEarlierTurnsFromTheCacheAndPaysFullPriceOnlyForTheNewestMessage() {
        List<Message> conversation = new ArrayList<>();
        for (int turn = 0; turn < 10; turn++) {
            String question = "Question " + turn + ": " + "tell me more about caching. ".repeat(12);
            String answer = "Answer " + turn + ": " + "caching keeps the prefix. ".repeat(30);
            conversation.add(user(question));
            upstream.enqueue(FakeReply.sse(FakeUpstream.anthropicText(answer)));

            RecordingCallbacks callbacks = send(conversation);

            assertThat("turn " + turn + " " + callbacks.events, callbacks.result, is(notNullValue()));
            assertUsageIs(callbacks.result.usage(), accounting.charge(turn));
            RecordedRequest request = upstream.request(turn);
            int earlierBlocks = 2 * turn;
            assertThat(breakpoints(request), turn == 0 ? contains("tools[1]", "system[0]")
                                                       : contains("tools[1]", "system[0]",
                                                                  "block[" + (earlierBlocks - 1) + "]"));
            AnthropicCacheAccounting.Charge charge = accounting.charge(turn);
            assertThat(charge.inputTokens(), is(AnthropicCacheAccounting.tokens(question)));
            if (turn >= 2) {
                AnthropicCacheAccounting.Charge before = accounting.charge(turn - 1);
                assertThat("turn " + turn + " reads all the previous request cached",
                           charge.cacheReadTokens(), is(before.cacheReadTokens() + before.cacheWriteTokens()));
            }
            conversation.add(assistant(answer));
        }
        double billed = accounting.charges().stream().mapToDouble(AnthropicCacheAccounting.Charge::billedInputEquivalent)
                .sum();
        long uncached = accounting.charges().stream().mapToLong(AnthropicCacheAccounting.Charge::totalInputTokens).sum();
        assertThat("billed input-equivalent " + billed + " of " + uncached, billed, lessThanOrEqualTo(0.5 * uncached));
    }

    @Test
    void callsTwoToNOfAToolLoopReadWhatTheCallBeforeWroteAndMarkTheGrowingEnd() {
        upstream.enqueue(FakeReply.sse(FakeUpstream.anthropicToolUse("toolu_1", "Read", "{\"path\":\"a.txt\"}")),
                         FakeReply.sse(FakeUpstream.anthropicToolUse("toolu_2", "Read", "{\"path\":\"b.txt\"}")),
                         FakeReply.sse(FakeUpstream.anthropicToolUse("toolu_3", "Read", "{\"path\":\"c.txt\"}")),
                         FakeReply.sse(FakeUpstream.anthropicText("Read all three.")));

        RecordingCallbacks callbacks = send(List.of(user("Earlier question"), assistant("Earlier answer"),
                                                    user("Read a, b and c")));

        assertThat(callbacks.events.toString(), callbacks.result, is(notNullValue()));
        assertThat(upstream.requestCount(), is(4));
        // earlier conversation: 2 blocks; then the question, and per call a tool_use and a tool_result
        assertThat(breakpoints(upstream.request(0)), contains("tools[1]", "system[0]", "block[1]"));
        assertThat(breakpoints(upstream.request(1)), contains("tools[1]", "system[0]", "block[1]", "block[4]"));
        assertThat(breakpoints(upstream.request(2)), contains("tools[1]", "system[0]", "block[1]", "block[6]"));
        assertThat(breakpoints(upstream.request(3)), contains("tools[1]", "system[0]", "block[1]", "block[8]"));
        for (int call = 1; call < 4; call++) {
            AnthropicCacheAccounting.Charge before = accounting.charge(call - 1);
            AnthropicCacheAccounting.Charge charge = accounting.charge(call);
            assertThat(charge.cacheReadTokens(), is(before.cacheReadTokens() + before.cacheWriteTokens()));
            assertThat("nothing after the last breakpoint", charge.inputTokens(), is(0L));
        }
        Usage usage = callbacks.result.usage();
        List<AnthropicCacheAccounting.Charge> charges = accounting.charges();
        assertThat(usage.inputTokens(), is(charges.stream().mapToLong(AnthropicCacheAccounting.Charge::inputTokens).sum()));
        assertThat(usage.cacheReadTokens(),
                   is(charges.stream().mapToLong(AnthropicCacheAccounting.Charge::cacheReadTokens).sum()));
        assertThat(usage.cacheWriteTokens(),
                   is(charges.stream().mapToLong(AnthropicCacheAccounting.Charge::cacheWriteTokens).sum()));
    }

    @Test
    void theCostPricesReadsAndWritesAtTheModelsCachePrices() {
        upstream.enqueue(FakeReply.sse(FakeUpstream.anthropicText("one")), FakeReply.sse(FakeUpstream.anthropicText("two")));
        send(List.of(user("First")));

        Usage usage = send(List.of(user("First"), assistant("one"), user("Second"))).result.usage();

        assertThat(usage.cacheReadTokens(), greaterThan(1000L));
        ModelPrice sonnet = ModelPrice.of(3, 15);
        assertThat(usage.costUsd(), closeTo((usage.inputTokens() * 3 + usage.outputTokens() * 15
                + usage.cacheReadTokens() * sonnet.cacheReadPerMtok()
                + usage.cacheWriteTokens() * sonnet.cacheWrite5mPerMtok()) / 1e6, 1e-12));
    }

    @Test
    void theChatsOwnModelIsAskedForAndPriced() {
        upstream.enqueue(FakeReply.sse(new AnthropicStream().usage(0, 1000).text("Hi").events()));

        AgentResult result = send(new TurnRequest("chat-1", List.of(user("Hi")), null, "claude-opus-4-5",
                                                  LONG_SYSTEM_PROMPT)).result;

        assertThat(upstream.request(0).json().getString("model"), is("claude-opus-4-5"));
        assertThat(result.model(), startsWith("claude-opus-4-5"));
        Usage usage = result.usage();
        assertThat("Opus 4.5 caches nothing under 4,096 tokens", usage.cacheWriteTokens(), is(0L));
        assertThat(usage.costUsd(), closeTo((usage.inputTokens() * 5.0 + 1000 * 25.0) / 1e6, 1e-12));
    }

    @Test
    void withCachingOffNoBreakpointIsSentAndNothingIsCached() {
        client.close();
        client = new AnthropicClient(TestAgents.settings("anthropic", upstream.baseUrl(), "model", MODEL, "prompt-caching", "false"),
                                     tools);
        upstream.enqueue(FakeReply.sse(FakeUpstream.anthropicToolUse("toolu_1", "Read", "{\"path\":\"a.txt\"}")),
                         FakeReply.sse(FakeUpstream.anthropicText("done")),
                         FakeReply.sse(FakeUpstream.anthropicText("again")));

        send(List.of(user("Read a")));
        send(List.of(user("Read a"), assistant("done"), user("Once more")));

        assertThat(upstream.requestCount(), is(3));
        for (RecordedRequest request : upstream.requests()) {
            assertThat(breakpoints(request), is(empty()));
            assertThat(request.json().getString("system"), is(LONG_SYSTEM_PROMPT));
            assertThat(request.header("anthropic-beta"), is((String) null));
        }
        for (AnthropicCacheAccounting.Charge charge : accounting.charges()) {
            assertThat(charge.cacheReadTokens() + charge.cacheWriteTokens(), is(0L));
        }
    }

    @Test
    void theOneHourLifetimeIsAskedForOnEveryBreakpointOutlivesFiveMinutesAndCostsTwiceTheInputToWrite() {
        client.close();
        client = new AnthropicClient(TestAgents.settings("anthropic", upstream.baseUrl(), "model", MODEL, "prompt-cache-ttl", "1h"),
                                     tools);
        upstream.enqueue(FakeReply.sse(FakeUpstream.anthropicText("one")), FakeReply.sse(FakeUpstream.anthropicText("two")));

        Usage first = send(List.of(user("First"))).result.usage();
        accounting.advance(Duration.ofMinutes(10));
        Usage second = send(List.of(user("First"), assistant("one"), user("Second"))).result.usage();

        RecordedRequest request = upstream.request(1);
        assertThat(request.header("anthropic-beta"), is(AnthropicClient.EXTENDED_CACHE_TTL_BETA));
        assertThat(request.json().getJsonArray("system").getJsonObject(0).getJsonObject("cache_control").getString("ttl"),
                   is("1h"));
        assertThat("still cached after 10 minutes", second.cacheReadTokens(), is(first.cacheWriteTokens()));
        assertThat(first.costUsd(), closeTo((first.inputTokens() * 3 + first.outputTokens() * 15
                + first.cacheWriteTokens() * 6.0) / 1e6, 1e-12));
    }

    @Test
    void theFiveMinuteCacheIsGoneAfterTenQuietMinutesAndTheTurnWritesItAgain() {
        upstream.enqueue(FakeReply.sse(FakeUpstream.anthropicText("one")), FakeReply.sse(FakeUpstream.anthropicText("two")));

        Usage first = send(List.of(user("First"))).result.usage();
        accounting.advance(Duration.ofMinutes(10));
        Usage second = send(List.of(user("First"), assistant("one"), user("Second"))).result.usage();

        assertThat(first.cacheWriteTokens(), greaterThan(1000L));
        assertThat(second.cacheReadTokens(), is(0L));
        assertThat(second.cacheWriteTokens(), greaterThan(first.cacheWriteTokens()));
    }
}
