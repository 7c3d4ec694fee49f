package agentchat.testing;

import java.util.List;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/** The accounting fake keeps the API's rules, so that tests relying on it mean something. */
class AnthropicCacheAccountingTest {

    private static final FakeReply OK = FakeReply.sse(FakeUpstream.anthropicText("ok"));

    private final AnthropicCacheAccounting accounting = new AnthropicCacheAccounting();

    /** A text of exactly {@code tokens} tokens by the fake's estimate. */
    private static String text(int tokens, char fill) {
        return String.valueOf(fill).repeat(tokens * 4);
    }

    private static JsonObject block(String text, boolean mark, String ttl) {
        JsonObjectBuilder block = Json.createObjectBuilder().add("type", "text").add("text", text);
        if (mark) {
            JsonObjectBuilder control = Json.createObjectBuilder().add("type", "ephemeral");
            if (ttl != null) {
                control.add("ttl", ttl);
            }
            block.add("cache_control", control);
        }
        return block.build();
    }

    /** One user message of these blocks. */
    private static RecordedRequest request(String model, List<JsonObject> blocks) {
        JsonArrayBuilder content = Json.createArrayBuilder();
        blocks.forEach(content::add);
        String body = Json.createObjectBuilder()
                .add("model", model).add("max_tokens", 100).add("stream", true)
                .add("messages", Json.createArrayBuilder().add(Json.createObjectBuilder()
                        .add("role", "user").add("content", content)))
                .build().toString();
        return new RecordedRequest("POST", "/v1/messages", Map.of(), body);
    }

    private FakeReply answer(String model, List<JsonObject> blocks) {
        return accounting.answer(request(model, blocks), OK);
    }

    @Test
    void aFifthBreakpointIsRefusedWithTheApis400() {
        List<JsonObject> blocks = java.util.stream.IntStream.range(0, 5)
                .mapToObj(i -> block("part " + i, true, null)).toList();

        FakeReply reply = answer("claude-sonnet-4-5", blocks);

        assertThat(reply.status(), is(400));
        assertThat(reply.body(), containsString("invalid_request_error"));
        assertThat(reply.body(), containsString("A maximum of 4 blocks with cache_control may be provided. Found 5."));
        assertThat(accounting.charges().size(), is(0));
    }

    @Test
    void fourBreakpointsAreAccepted() {
        List<JsonObject> blocks = java.util.stream.IntStream.range(0, 4)
                .mapToObj(i -> block("part " + i, true, null)).toList();

        assertThat(answer("claude-sonnet-4-5", blocks).status(), is(200));
    }

    @Test
    void aPrefixShorterThanTheModelsMinimumIsNotCached() {
        List<JsonObject> blocks = List.of(block(text(1000, 'a'), true, null), block("question", false, null));

        answer("claude-sonnet-4-5", blocks);
        answer("claude-sonnet-4-5", blocks);

        assertThat(accounting.charge(0).cacheWriteTokens(), is(0L));
        assertThat(accounting.charge(1).cacheReadTokens(), is(0L));
        assertThat(accounting.charge(1).inputTokens(), is(1000L + 2));
    }

    @Test
    void aPrefixAtTheMinimumIsWrittenThenReadAndOnlyTheRestIsInput() {
        List<JsonObject> blocks = List.of(block(text(1024, 'a'), true, null), block("question", false, null));

        answer("claude-sonnet-4-5", blocks);
        answer("claude-sonnet-4-5", blocks);

        assertThat(accounting.charge(0).cacheWriteTokens(), is(1024L));
        assertThat(accounting.charge(0).inputTokens(), is(2L));
        assertThat(accounting.charge(1).cacheReadTokens(), is(1024L));
        assertThat(accounting.charge(1).cacheWriteTokens(), is(0L));
        assertThat(accounting.charge(1).inputTokens(), is(2L));
    }

    @Test
    void haikuFourFiveNeedsFourThousandTokens() {
        List<JsonObject> blocks = List.of(block(text(2000, 'a'), true, null));

        answer("claude-haiku-4-5-20251001", blocks);

        assertThat(accounting.charge(0).cacheWriteTokens(), is(0L));
    }

    @Test
    void theCacheIsPerModel() {
        List<JsonObject> blocks = List.of(block(text(2000, 'a'), true, null));

        answer("claude-sonnet-4-5", blocks);
        answer("claude-sonnet-4", blocks);

        assertThat(accounting.charge(1).cacheReadTokens(), is(0L));
    }

    @Test
    void aChangedBlockEndsTheSharedPrefix() {
        answer("claude-sonnet-4-5", List.of(block(text(2000, 'a'), true, null), block(text(100, 'b'), true, null)));

        answer("claude-sonnet-4-5", List.of(block(text(2000, 'a'), false, null), block(text(100, 'c'), true, null)));

        assertThat("the first block's entry is found looking back", accounting.charge(1).cacheReadTokens(), is(2000L));
        assertThat(accounting.charge(1).cacheWriteTokens(), is(100L));
    }

    @Test
    void aWrittenPrefixIsFoundAtMostTwentyBlocksBeforeABreakpoint() {
        List<JsonObject> head = List.of(block(text(2000, 'a'), true, null));
        answer("claude-sonnet-4-5", head);
        List<JsonObject> near = new java.util.ArrayList<>(List.of(block(text(2000, 'a'), false, null)));
        for (int i = 1; i <= 20; i++) {
            near.add(block("near " + i, i == 20, null));
        }
        List<JsonObject> far = new java.util.ArrayList<>(List.of(block(text(2000, 'a'), false, null)));
        for (int i = 1; i <= 21; i++) {
            far.add(block("far " + i, i == 21, null));
        }

        answer("claude-sonnet-4-5", near);
        answer("claude-sonnet-4-5", far);

        assertThat(accounting.charge(1).cacheReadTokens(), is(2000L));
        assertThat(accounting.charge(2).cacheReadTokens(), is(0L));
    }

    @Test
    void aOneHourBreakpointAfterAFiveMinuteOneIsRefused() {
        FakeReply reply = answer("claude-sonnet-4-5", List.of(block("a", true, "5m"), block("b", true, "1h")));

        assertThat(reply.status(), is(400));
        assertThat(reply.body(), containsString("ttl"));
    }

    @Test
    void aBreakpointOnAnEmptyTextBlockIsRefused() {
        assertThat(answer("claude-sonnet-4-5", List.of(block("", true, null))).status(), is(400));
    }

    @Test
    void theReplyCarriesTheAccountingAsUsage() {
        FakeReply reply = answer("claude-sonnet-4-5", List.of(block(text(1500, 'a'), true, null), block("q", false, null)));

        String start = reply.events().stream().filter(e -> "message_start".equals(e.name())).findFirst().orElseThrow()
                .data();
        JsonObject usage = Json.createReader(new java.io.StringReader(start)).readObject()
                .getJsonObject("message").getJsonObject("usage");
        assertThat(usage.getInt("cache_creation_input_tokens"), is(1500));
        assertThat(usage.getInt("cache_read_input_tokens"), is(0));
        assertThat(usage.getInt("input_tokens"), is(1));
    }
}
