package agentchat.testing;

import java.util.ArrayList;
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

/** The thinking fake refuses what the API refuses, so that a tool loop it accepts means something. */
class AnthropicThinkingRulesTest {

    private static final String MODEL = "claude-sonnet-5-5";
    private static final JsonObject UPDATES = Json.createObjectBuilder()
            .add("type", "adaptive").add("display", "updates").build();
    private static final FakeReply OK = FakeReply.sse(FakeUpstream.anthropicText("ok"));

    private final AnthropicThinkingRules rules = new AnthropicThinkingRules();

    private static JsonObject text(String role, String text) {
        return Json.createObjectBuilder().add("role", role).add("content", Json.createArrayBuilder()
                .add(Json.createObjectBuilder().add("type", "text").add("text", text))).build();
    }

    private static JsonObject message(String role, List<JsonObject> blocks) {
        JsonArrayBuilder content = Json.createArrayBuilder();
        blocks.forEach(content::add);
        return Json.createObjectBuilder().add("role", role).add("content", content).build();
    }

    private static JsonObject toolResult(String id) {
        return message("user", List.of(Json.createObjectBuilder().add("type", "tool_result")
                                               .add("tool_use_id", id).add("content", "42").build()));
    }

    private static RecordedRequest request(JsonObjectBuilder body, String beta, JsonObject... messages) {
        JsonArrayBuilder list = Json.createArrayBuilder();
        for (JsonObject message : messages) {
            list.add(message);
        }
        body.add("model", MODEL).add("max_tokens", 4096).add("stream", true).add("system", "Be brief.")
                .add("messages", list);
        return new RecordedRequest("POST", "/v1/messages",
                                   beta == null ? Map.of() : Map.of("anthropic-beta", List.of(beta)),
                                   body.build().toString());
    }

    private static RecordedRequest request(JsonObject... messages) {
        return request(Json.createObjectBuilder().add("thinking", UPDATES), AnthropicThinkingRules.DISPLAY_UPDATES_BETA,
                       messages);
    }

    private static String refusal(FakeReply reply) {
        assertThat(reply.status(), is(400));
        assertThat(reply.body(), containsString("invalid_request_error"));
        return reply.body();
    }

    /** Call 1 of a tool loop: the fake's reply (reasoning, a progress note, a tool call) as delivered. */
    private List<JsonObject> firstCall() {
        FakeReply reply = rules.answer(request(text("user", "What is 6 x 7?")),
                                       FakeReply.sse(new AnthropicStream().thinking()
                                                             .thinking("I'll use the calculator.")
                                                             .toolUse("toolu_1", "calc", "{\"expr\":\"6*7\"}")
                                                             .events()));
        assertThat(reply.status(), is(200));
        return AnthropicBlocks.contentOf(reply.events());
    }

    private FakeReply continuation(List<JsonObject> assistantContent) {
        return rules.answer(request(text("user", "What is 6 x 7?"), message("assistant", assistantContent),
                                    toolResult("toolu_1")), OK);
    }

    @Test
    void aThinkingBudgetIsRefused() {
        JsonObjectBuilder body = Json.createObjectBuilder()
                .add("thinking", Json.createObjectBuilder().add("type", "enabled").add("budget_tokens", 2048));

        assertThat(refusal(rules.answer(request(body, null, text("user", "hi")), OK)),
                   containsString("thinking.type.enabled"));
    }

    @Test
    void disabledThinkingIsRefusedPointingToBetweenTools() {
        JsonObjectBuilder body = Json.createObjectBuilder().add("thinking", Json.createObjectBuilder().add("type", "disabled"));

        assertThat(refusal(rules.answer(request(body, null, text("user", "hi")), OK)), containsString("between_tools"));
    }

    @Test
    void samplingParametersAreRefused() {
        JsonObjectBuilder body = Json.createObjectBuilder().add("temperature", 0.2);

        assertThat(refusal(rules.answer(request(body, null, text("user", "hi")), OK)), containsString("temperature"));
    }

    @Test
    void forcedToolChoiceIsRefused() {
        JsonObjectBuilder body = Json.createObjectBuilder()
                .add("tool_choice", Json.createObjectBuilder().add("type", "tool").add("name", "calc"));

        assertThat(refusal(rules.answer(request(body, null, text("user", "hi")), OK)), containsString("tool_choice"));
    }

    @Test
    void anAssistantPrefillIsRefused() {
        assertThat(refusal(rules.answer(request(text("user", "hi"), text("assistant", "Well,")), OK)),
                   containsString("prefill"));
    }

    @Test
    void displayUpdatesNeedsItsBetaHeader() {
        FakeReply withoutBeta = rules.answer(request(Json.createObjectBuilder().add("thinking", UPDATES), null,
                                                     text("user", "hi")), OK);

        assertThat(refusal(withoutBeta), containsString(AnthropicThinkingRules.DISPLAY_UPDATES_BETA));
        assertThat(rules.answer(request(text("user", "hi")), OK).status(), is(200));
    }

    @Test
    void adaptiveThinkingIsRefusedOnAModelWithoutIt() {
        String body = Json.createObjectBuilder().add("model", "claude-sonnet-4-5").add("max_tokens", 100)
                .add("thinking", UPDATES)
                .add("messages", Json.createArrayBuilder().add(text("user", "hi"))).build().toString();

        refusal(rules.answer(new RecordedRequest("POST", "/v1/messages",
                                                 Map.of("anthropic-beta", List.of(AnthropicThinkingRules.DISPLAY_UPDATES_BETA)),
                                                 body), OK));
    }

    @Test
    void thinkingTextIsLeftOutUnlessTheDisplayShowsIt() {
        FakeReply scripted = FakeReply.sse(new AnthropicStream().thinking("Looking it up.").text("42").events());

        FakeReply omitted = rules.answer(request(Json.createObjectBuilder(), null, text("user", "hi")), scripted);
        FakeReply shown = rules.answer(request(text("user", "hi")), scripted);

        assertThat(AnthropicBlocks.contentOf(omitted.events()).getFirst().getString("thinking"), is(""));
        assertThat(AnthropicBlocks.contentOf(shown.events()).getFirst().getString("thinking"),
                   is("Looking it up."));
    }

    @Test
    void aContinuationCarryingItsThinkingUnchangedBeforeTheToolUseIsAccepted() {
        List<JsonObject> reply = firstCall();

        assertThat(continuation(reply).status(), is(200));
        assertThat(rules.thinkingBlocksReturned(), is(2));
    }

    @Test
    void aContinuationWithoutItsThinkingIsRefused() {
        List<JsonObject> reply = firstCall();

        String body = refusal(continuation(List.of(reply.getLast())));

        assertThat(body, containsString("messages.1.content"));
    }

    @Test
    void aContinuationWithOneThinkingBlockLeftOutIsRefused() {
        List<JsonObject> reply = firstCall();

        refusal(continuation(List.of(reply.get(1), reply.get(2))));
    }

    @Test
    void aThinkingBlockMovedAfterTheToolUseIsRefused() {
        List<JsonObject> reply = firstCall();

        refusal(continuation(List.of(reply.get(0), reply.get(2), reply.get(1))));
    }

    @Test
    void aThinkingBlockWithChangedTextIsRefused() {
        List<JsonObject> reply = firstCall();
        List<JsonObject> changed = new ArrayList<>(reply);
        changed.set(1, Json.createObjectBuilder(reply.get(1)).add("thinking", "I'll guess.").build());

        assertThat(refusal(continuation(changed)), containsString("Invalid `signature`"));
    }

    @Test
    void aThinkingBlockAfterAChangedEarlierMessageIsBoundToAnotherConversation() {
        List<JsonObject> reply = firstCall();

        FakeReply answer = rules.answer(request(text("user", "What is 6 times 7?"), message("assistant", reply),
                                                toolResult("toolu_1")), OK);

        assertThat(refusal(answer), containsString("bound to a different conversation"));
    }

    @Test
    void cacheControlMarksDoNotCountAsAChange() {
        List<JsonObject> reply = firstCall();
        JsonObject markedQuestion = message("user", List.of(Json.createObjectBuilder()
                .add("type", "text").add("text", "What is 6 x 7?")
                .add("cache_control", Json.createObjectBuilder().add("type", "ephemeral")).build()));

        FakeReply answer = rules.answer(request(markedQuestion, message("assistant", reply), toolResult("toolu_1")), OK);

        assertThat(answer.status(), is(200));
    }

    @Test
    void aRedactedThinkingBlockGoesBackAsItCame() {
        FakeReply first = rules.answer(request(text("user", "hi")),
                                       FakeReply.sse(new AnthropicStream().redactedThinking()
                                                             .toolUse("toolu_1", "calc", "{}").events()));
        List<JsonObject> reply = AnthropicBlocks.contentOf(first.events());
        JsonObject forged = Json.createObjectBuilder(reply.getFirst()).add("data", "AAAA").build();

        assertThat(rules.answer(request(text("user", "hi"), message("assistant", reply), toolResult("toolu_1")), OK)
                           .status(), is(200));
        refusal(rules.answer(request(text("user", "hi"), message("assistant", List.of(forged, reply.getLast())),
                                     toolResult("toolu_1")), OK));
    }

    @Test
    void earlierTurnsMayLeaveTheirThinkingOut() {
        List<JsonObject> reply = firstCall();
        assertThat(continuation(reply).status(), is(200));
        JsonObject answered = message("assistant", List.of(reply.get(2)));

        FakeReply nextTurn = rules.answer(request(text("user", "What is 6 x 7?"), answered, toolResult("toolu_1"),
                                                  text("assistant", "42"), text("user", "And 6 x 8?")), OK);

        assertThat(nextTurn.status(), is(200));
    }
}
