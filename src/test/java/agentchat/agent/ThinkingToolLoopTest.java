package agentchat.agent;

import java.util.List;

import agentchat.messages.Message;
import agentchat.testing.AnthropicCacheAccounting;
import agentchat.testing.AnthropicStream;
import agentchat.testing.AnthropicThinkingRules;
import agentchat.testing.FakeReply;
import agentchat.testing.FakeUpstream;
import agentchat.testing.RecordedRequest;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static agentchat.agent.TestAgents.assistant;
import static agentchat.agent.TestAgents.user;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/**
 * Claude Sonnet 5.5's tool loop against a fake that keeps the API's rules for it
 * ({@link AnthropicThinkingRules}): thinking blocks go back unchanged and in place, the progress notes
 * between tool calls reach the user, and nothing is sent that these models refuse.
 */
class ThinkingToolLoopTest {

    private static final String PROGRESS = "I'll read README.md first.";

    private final FakeUpstream upstream = FakeUpstream.start();
    private final AnthropicThinkingRules rules = new AnthropicThinkingRules();
    private final FakeTools tools = new FakeTools();
    private AgentClient client;

    ThinkingToolLoopTest() {
        upstream.answerThrough(rules::answer);
        client = new AnthropicClient(TestAgents.settings("anthropic", upstream.baseUrl()), tools);
    }

    @AfterEach
    void tearDown() {
        client.close();
        upstream.close();
    }

    private void useSettings(String... keyValues) {
        client.close();
        client = new AnthropicClient(TestAgents.settings("anthropic", upstream.baseUrl(), keyValues), tools);
    }

    private RecordingCallbacks send(List<Message> conversation) {
        RecordingCallbacks callbacks = new RecordingCallbacks();
        client.sendMessage(TurnRequest.of("chat-1", conversation, null), callbacks);
        return callbacks;
    }

    /** Reasoning (not shown), a progress note, a call to Read; then reasoning and the answer. */
    private void scriptReadThenAnswer(String path) {
        upstream.enqueue(FakeReply.sse(new AnthropicStream().thinking().thinking(PROGRESS)
                                               .toolUse("toolu_1", "Read", "{\"path\":\"" + path + "\"}").events()),
                         FakeReply.sse(new AnthropicStream().thinking().thinking("Found it.").text("It says hi.")
                                               .events()));
    }

    private static void assertCompleted(RecordingCallbacks callbacks) {
        assertThat(callbacks.error == null ? null : callbacks.error.message(), is(nullValue()));
        assertThat(callbacks.result.stopReason(), is("end_turn"));
    }

    private static List<String> types(JsonArray blocks) {
        return blocks.getValuesAs(JsonObject.class).stream().map(block -> block.getString("type")).toList();
    }

    @Test
    void thinkingBlocksGoBackUnchangedAndInPlaceBeforeTheToolUseOnTheNextCall() {
        scriptReadThenAnswer("README.md");

        RecordingCallbacks callbacks = send(List.of(user("What is in README.md?")));

        assertCompleted(callbacks);
        JsonArray messages = upstream.request(1).json().getJsonArray("messages");
        JsonArray replied = messages.getJsonObject(1).getJsonArray("content");
        assertThat(types(replied), contains("thinking", "thinking", "tool_use"));
        assertThat(replied.getJsonObject(0).getString("thinking"), is(""));
        assertThat(replied.getJsonObject(1).getString("thinking"), is(PROGRESS));
        assertThat(replied.getJsonObject(1).getString("signature").isEmpty(), is(false));
        assertThat(types(messages.getJsonObject(2).getJsonArray("content")), contains("tool_result"));
        assertThat(rules.thinkingBlocksReturned(), is(4));
    }

    @Test
    void progressNotesBetweenToolCallsAreShownAsTextAParagraphApartFromTheAnswer() {
        scriptReadThenAnswer("README.md");

        RecordingCallbacks callbacks = send(List.of(user("What is in README.md?")));

        assertThat(callbacks.events, contains(
                "status:thinking", "status:responding", "text:" + PROGRESS,
                "tool_use:Read", "status:tool_use", "tool_result:toolu_1",
                "status:thinking", "status:responding", "text:Found it.", "text:\n\n", "text:It says hi.",
                "complete:end_turn"));
    }

    @Test
    void notesBetweenParallelToolCallsStayInTheirPlacesAndAreShownApart() {
        upstream.enqueue(FakeReply.sse(new AnthropicStream().thinking("Reading a.txt.")
                                               .toolUse("toolu_a", "Read", "{\"path\":\"a.txt\"}")
                                               .thinking("And b.txt.")
                                               .toolUse("toolu_b", "Read", "{\"path\":\"b.txt\"}").events()),
                         FakeReply.sse(FakeUpstream.anthropicText("Both say hi.")));

        RecordingCallbacks callbacks = send(List.of(user("Read a.txt and b.txt")));

        assertCompleted(callbacks);
        assertThat(callbacks.text(), is("Reading a.txt.\n\nAnd b.txt.Both say hi."));
        JsonArray replied = upstream.request(1).json().getJsonArray("messages").getJsonObject(1).getJsonArray("content");
        assertThat(types(replied), contains("thinking", "tool_use", "thinking", "tool_use"));
        assertThat(replied.getJsonObject(2).getString("thinking"), is("And b.txt."));
    }

    @Test
    void theDefaultModelIsAskedForAdaptiveThinkingWithProgressUpdatesUnderTheirBetaAndNothingItRefuses() {
        scriptReadThenAnswer("README.md");

        send(List.of(user("What is in README.md?")));

        for (RecordedRequest request : upstream.requests()) {
            JsonObject body = request.json();
            assertThat(body.getString("model"), is("claude-sonnet-5-5"));
            assertThat(body.getJsonObject("thinking"), is(AnthropicFormat.THINKING_WITH_PROGRESS_UPDATES));
            assertThat(request.header("anthropic-beta"), containsString(AnthropicClient.THINKING_DISPLAY_UPDATES_BETA));
            for (String refused : List.of("temperature", "top_p", "top_k", "tool_choice")) {
                assertThat(refused, body.containsKey(refused), is(false));
            }
        }
    }

    @Test
    void aModelWithoutProgressUpdatesGetsNoThinkingFieldNorBeta() {
        useSettings("model", "claude-sonnet-4-5");
        upstream.enqueue(FakeReply.sse(FakeUpstream.anthropicText("ok")));

        assertCompleted(send(List.of(user("Hi"))));

        RecordedRequest request = upstream.request(0);
        assertThat(request.json().containsKey("thinking"), is(false));
        assertThat(request.header("anthropic-beta"), is(nullValue()));
    }

    @Test
    void withProgressUpdatesOffTheThinkingStillGoesBackButNoThinkingTextIsShown() {
        useSettings("progress-updates-models", "none");
        scriptReadThenAnswer("README.md");

        RecordingCallbacks callbacks = send(List.of(user("What is in README.md?")));

        assertCompleted(callbacks);
        assertThat(callbacks.text(), is("It says hi."));
        JsonArray replied = upstream.request(1).json().getJsonArray("messages").getJsonObject(1).getJsonArray("content");
        assertThat(types(replied), contains("thinking", "thinking", "tool_use"));
        assertThat("the default display omits the text", replied.getJsonObject(1).getString("thinking"), is(""));
        assertThat(upstream.request(0).json().containsKey("thinking"), is(false));
    }

    @Test
    void redactedThinkingGoesBackAsItCame() {
        upstream.enqueue(FakeReply.sse(new AnthropicStream().redactedThinking()
                                               .toolUse("toolu_1", "Read", "{\"path\":\"a.txt\"}").events()),
                         FakeReply.sse(FakeUpstream.anthropicText("Done.")));

        assertCompleted(send(List.of(user("Read a.txt"))));

        JsonArray replied = upstream.request(1).json().getJsonArray("messages").getJsonObject(1).getJsonArray("content");
        assertThat(types(replied), contains("redacted_thinking", "tool_use"));
    }

    @Test
    void everyCallOfATurnSendsTheSameEarlierConversationEvenWhenTheTurnOutgrowsTheHistoryBudget() {
        useSettings("history-budget-tokens", "100");
        scriptReadThenAnswer("docs/" + "long-name-".repeat(30) + ".md");

        RecordingCallbacks callbacks = send(List.of(user("old question " + "x".repeat(150)), assistant("old answer"),
                                                    user("What is in that file?")));

        assertCompleted(callbacks);
        JsonArray first = upstream.request(0).json().getJsonArray("messages");
        JsonArray second = upstream.request(1).json().getJsonArray("messages");
        assertThat(first.size(), is(3));
        assertThat(second.subList(0, 3), is(first.subList(0, 3)));
    }

    @Test
    void withPromptCachingNoMarkLandsOnAThinkingBlockAndTheLoopStaysValid() {
        AnthropicCacheAccounting accounting = new AnthropicCacheAccounting();
        upstream.answerThrough((request, scripted) -> accounting.answer(request, rules.answer(request, scripted)));
        scriptReadThenAnswer("README.md");

        assertCompleted(send(List.of(user("Earlier"), assistant("Yes."), user("What is in README.md?"))));

        for (RecordedRequest request : upstream.requests()) {
            int marks = 0;
            for (JsonObject message : request.json().getJsonArray("messages").getValuesAs(JsonObject.class)) {
                for (JsonObject block : message.getJsonArray("content").getValuesAs(JsonObject.class)) {
                    if (block.containsKey("cache_control")) {
                        marks++;
                        assertThat(block.getString("type"), not(containsString("thinking")));
                    }
                }
            }
            assertThat(marks, lessThanOrEqualTo(2));
        }
        assertThat(accounting.charges().size(), is(2));
    }

    @Test
    void aStreamCutAfterAThinkingBlockThatShowedNothingIsRetried() {
        AnthropicStream cut = new AnthropicStream().thinking().text("never sent");
        upstream.enqueue(FakeReply.sse(cut.head()).thenCut(), FakeReply.sse(FakeUpstream.anthropicText("Hello")));

        RecordingCallbacks callbacks = send(List.of(user("Hi")));

        assertCompleted(callbacks);
        assertThat(upstream.requestCount(), is(2));
        assertThat(callbacks.text(), is("Hello"));
    }

    @Test
    void anAssistantMessageAfterTheNewestUserMessageIsNotSentAsAPrefill() {
        upstream.enqueue(FakeReply.sse(FakeUpstream.anthropicText("Hello!")));

        assertCompleted(send(List.of(user("Hi"), assistant("Hel"))));

        JsonArray messages = upstream.request(0).json().getJsonArray("messages");
        assertThat(messages.size(), is(1));
        assertThat(messages.getJsonObject(0).getString("role"), is("user"));
    }
}
