package agentchat.agent;

import java.util.List;

import agentchat.messages.Message;
import agentchat.messages.MessageContent;
import agentchat.testing.AnthropicStream;
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
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

class AnthropicClientTest {

    private final FakeUpstream upstream = FakeUpstream.start();
    private final FakeTools tools = new FakeTools();
    private AgentClient client = new AnthropicClient(TestAgents.settings("anthropic", upstream.baseUrl()), tools);

    @AfterEach
    void tearDown() {
        client.close();
        upstream.close();
    }

    private RecordingCallbacks send(List<Message> conversation) {
        RecordingCallbacks callbacks = new RecordingCallbacks();
        client.sendMessage(TurnRequest.of("chat-1", conversation, null), callbacks);
        return callbacks;
    }

    @Test
    void textStreamsAsDeltasInOrderBetweenStatusesAndEndsWithEndTurn() {
        upstream.enqueue(FakeReply.sse(FakeUpstream.anthropicText("Hello", " world", "!")));

        RecordingCallbacks callbacks = send(List.of(user("Hi")));

        assertThat(callbacks.events, contains("status:thinking", "status:responding", "text:Hello", "text: world",
                                              "text:!", "complete:end_turn"));
    }

    @Test
    void requestCarriesKeyVersionModelSystemAndStreamFlag() {
        upstream.enqueue(FakeReply.sse(FakeUpstream.anthropicText("ok")));
        client.close();
        client = new AnthropicClient(TestAgents.settings("anthropic", upstream.baseUrl()), ToolRunner.NONE);

        send(List.of(user("Hi")));

        RecordedRequest request = upstream.request(0);
        assertThat(request.path(), is("/v1/messages"));
        assertThat(request.header("x-api-key"), is("test-key-123"));
        assertThat(request.header("anthropic-version"), is("2023-06-01"));
        JsonObject body = request.json();
        assertThat(body.getString("model"), is(AgentSettings.DEFAULT_ANTHROPIC_MODEL));
        assertThat(body.getInt("max_tokens"), is(4096));
        assertThat(body.getJsonArray("system").getJsonObject(0).getString("text"),
                   is(AgentSettings.DEFAULT_SYSTEM_PROMPT));
        assertThat(body.getBoolean("stream"), is(true));
        assertThat(body.containsKey("tools"), is(false));
    }

    @Test
    void offeredToolsAreSentWithTheirInputSchema() {
        upstream.enqueue(FakeReply.sse(FakeUpstream.anthropicText("ok")));

        send(List.of(user("Hi")));

        JsonObject tool = upstream.request(0).json().getJsonArray("tools").getJsonObject(0);
        assertThat(tool.getString("name"), is("Read"));
        assertThat(tool.getString("description"), is("Reads a file"));
        assertThat(tool.getJsonObject("input_schema").getString("type"), is("object"));
    }

    @Test
    void usageAndCostComeFromTheStreamAndThePriceTable() {
        upstream.enqueue(FakeReply.sse(new AnthropicStream().usage(1_000_000, 100_000).text("Hi").events()));

        AgentResult result = send(List.of(user("Hi"))).result;

        assertThat(result.usage().inputTokens(), is(1_000_000L));
        assertThat(result.usage().outputTokens(), is(100_000L));
        assertThat(result.model(), is("claude-sonnet-4-5-20250929"));
        assertThat(result.usage().costUsd(), closeTo(3.0 + 1.5, 1e-9));
    }

    @Test
    void costIsNullForAModelWithoutPrice() {
        upstream.enqueue(FakeReply.sse(new AnthropicStream().model("mystery-model").text("Hi").events()));
        client.close();
        client = new AnthropicClient(TestAgents.settings("anthropic", upstream.baseUrl(), "model", "mystery-model"),
                                     tools);

        assertThat(send(List.of(user("Hi"))).result.usage().costUsd(), is(nullValue()));
    }

    @Test
    void sessionIdIsTheFirstMessageIdWhenNoneWasGiven() {
        upstream.enqueue(FakeReply.sse(new AnthropicStream().id("msg_first").text("Hi").events()));

        assertThat(send(List.of(user("Hi"))).result.sessionId(), is("msg_first"));
    }

    @Test
    void givenSessionIdIsKept() {
        upstream.enqueue(FakeReply.sse(FakeUpstream.anthropicText("Hi")));
        RecordingCallbacks callbacks = new RecordingCallbacks();

        client.sendMessage(TurnRequest.of("chat-1", List.of(user("Hi")), "session-7"), callbacks);

        assertThat(callbacks.result.sessionId(), is("session-7"));
    }

    @Test
    void toolInputSplitAcrossDeltasIsAssembledRunAndContinuedInTheSameTurn() {
        upstream.enqueue(FakeReply.sse(new AnthropicStream().text("Let me look.")
                                               .toolUse("toolu_1", "Read", "{\"pa", "th\": \"RE", "ADME.md\"}")
                                               .events()),
                         FakeReply.sse(FakeUpstream.anthropicText("It says hi.")));

        RecordingCallbacks callbacks = send(List.of(user("What is in README.md?")));

        assertThat(callbacks.events, contains(
                "status:thinking", "status:responding", "text:Let me look.",
                "tool_use:Read", "status:tool_use", "tool_result:toolu_1",
                "status:thinking", "status:responding", "text:It says hi.", "complete:end_turn"));
        assertThat(tools.runs.getFirst().input().getString("path"), is("README.md"));
    }

    @Test
    void continuationRequestCarriesToolUseAndToolResultBlocks() {
        upstream.enqueue(FakeReply.sse(new AnthropicStream().text("Let me look.")
                                               .toolUse("toolu_1", "Read", "{\"path\":", "\"a.txt\"}").events()),
                         FakeReply.sse(FakeUpstream.anthropicText("Done.")));

        send(List.of(user("Read a.txt")));

        JsonArray messages = upstream.request(1).json().getJsonArray("messages");
        assertThat(messages.size(), is(3));
        JsonObject assistantMessage = messages.getJsonObject(1);
        assertThat(assistantMessage.getString("role"), is("assistant"));
        JsonObject toolUse = assistantMessage.getJsonArray("content").getJsonObject(1);
        assertThat(toolUse.getString("type"), is("tool_use"));
        assertThat(toolUse.getString("id"), is("toolu_1"));
        assertThat(toolUse.getJsonObject("input").getString("path"), is("a.txt"));
        JsonObject toolResult = messages.getJsonObject(2).getJsonArray("content").getJsonObject(0);
        assertThat(messages.getJsonObject(2).getString("role"), is("user"));
        assertThat(toolResult.getString("type"), is("tool_result"));
        assertThat(toolResult.getString("tool_use_id"), is("toolu_1"));
        assertThat(toolResult.getString("content"), is("contents of a.txt"));
        assertThat(toolResult.getBoolean("is_error"), is(false));
    }

    @Test
    void usageIsSummedOverTheCallsOfATurn() {
        upstream.enqueue(FakeReply.sse(new AnthropicStream().usage(100, 10).toolUse("t1", "Read", "{}").events()),
                         FakeReply.sse(new AnthropicStream().usage(200, 20).text("ok").events()));

        AgentResult result = send(List.of(user("Hi"))).result;

        assertThat(result.usage().inputTokens(), is(300L));
        assertThat(result.usage().outputTokens(), is(30L));
    }

    @Test
    void cacheReadsAndWritesAreReportedApartFromUncachedInputSummedAndPricedAtTheCachePrices() {
        upstream.enqueue(FakeReply.sse(new AnthropicStream().usage(100, 10).cacheUsage(0, 3000)
                                               .toolUse("t1", "Read", "{}").events()),
                         FakeReply.sse(new AnthropicStream().usage(50, 40).cacheUsage(3000, 200).text("ok").events()));

        Usage usage = send(List.of(user("Hi"))).result.usage();

        assertThat(usage.inputTokens(), is(150L));
        assertThat(usage.outputTokens(), is(50L));
        assertThat(usage.cacheReadTokens(), is(3000L));
        assertThat(usage.cacheWriteTokens(), is(3200L));
        assertThat(usage.costUsd(), closeTo((150 * 3.0 + 50 * 15.0 + 3000 * 0.3 + 3200 * 3.75) / 1e6, 1e-12));
    }

    @Test
    void emptyToolInputIsAnEmptyObject() {
        upstream.enqueue(FakeReply.sse(FakeUpstream.anthropicToolUse("t1", "Read")),
                         FakeReply.sse(FakeUpstream.anthropicText("ok")));

        send(List.of(user("Hi")));

        assertThat(tools.runs.getFirst().input().isEmpty(), is(true));
    }

    @Test
    void unknownToolGetsAnErrorResultWithoutRunning() {
        upstream.enqueue(FakeReply.sse(FakeUpstream.anthropicToolUse("t1", "Delete", "{}")),
                         FakeReply.sse(FakeUpstream.anthropicText("Sorry.")));

        RecordingCallbacks callbacks = send(List.of(user("Hi")));

        assertThat(callbacks.toolResults.getFirst(), is(new MessageContent.ToolResult("t1", "Unknown tool: Delete", true)));
        assertThat(tools.runs.size(), is(0));
        assertThat(callbacks.result.stopReason(), is("end_turn"));
    }

    @Test
    void turnStopsAfterMaxTurnsModelCalls() {
        client.close();
        client = new AnthropicClient(TestAgents.settings("anthropic", upstream.baseUrl(), "max-turns", "2"), tools);
        upstream.enqueue(FakeReply.sse(FakeUpstream.anthropicToolUse("t1", "Read", "{}")),
                         FakeReply.sse(FakeUpstream.anthropicToolUse("t2", "Read", "{}")),
                         FakeReply.sse(FakeUpstream.anthropicText("never asked for")));

        RecordingCallbacks callbacks = send(List.of(user("Hi")));

        assertThat(callbacks.result.stopReason(), is("max_turns"));
        assertThat(upstream.requestCount(), is(2));
        assertThat(tools.runs.size(), is(1));
    }

    @Test
    void maxTokensStopReasonIsReported() {
        upstream.enqueue(FakeReply.sse(new AnthropicStream().text("cut").stopReason("max_tokens").events()));

        assertThat(send(List.of(user("Hi"))).result.stopReason(), is("max_tokens"));
    }

    @Test
    void errorEventMidStreamEndsTheTurnWithUpstreamErrorAndItsMessage() {
        List<agentchat.testing.FakeEvent> events = new java.util.ArrayList<>(
                new AnthropicStream().text("Hel").head());
        events.add(AnthropicStream.error("overloaded_error", "Overloaded"));
        upstream.enqueue(FakeReply.sse(events));

        RecordingCallbacks callbacks = send(List.of(user("Hi")));

        assertThat(callbacks.error.code(), is("UPSTREAM_ERROR"));
        assertThat(callbacks.error.message().contains("Overloaded"), is(true));
        assertThat(callbacks.text(), is("Hel"));
        assertThat(callbacks.terminalCalls, is(1));
    }

    @Test
    void streamEndingWithoutMessageStopIsAnUpstreamError() {
        upstream.enqueue(FakeReply.sse(new AnthropicStream().text("Hel").head()));

        RecordingCallbacks callbacks = send(List.of(user("Hi")));

        assertThat(callbacks.error.code(), is("UPSTREAM_ERROR"));
        assertThat(callbacks.text(), is("Hel"));
    }

    @Test
    void connectionCutMidStreamIsAnUpstreamError() {
        upstream.enqueue(FakeReply.sse(new AnthropicStream().text("Hel").head()).thenCut());

        assertThat(send(List.of(user("Hi"))).error.code(), is("UPSTREAM_ERROR"));
    }

    @Test
    void historyWithImagesAndToolsIsSentInAnthropicShape() {
        upstream.enqueue(FakeReply.sse(FakeUpstream.anthropicText("ok")));
        List<Message> conversation = List.of(
                user(new MessageContent.Text("What is this?"), new MessageContent.Image("a1", "image/png", "/api/chats/c/attachments/a1", "iVBORw0KGgo=")),
                assistant(new MessageContent.Text("Let me read."),
                          new MessageContent.ToolUse("t1", "Read", jakarta.json.Json.createObjectBuilder()
                                  .add("path", "x").build()),
                          new MessageContent.ToolResult("t1", "data", false),
                          new MessageContent.Text("A cat.")),
                user("Thanks"));

        send(conversation);

        JsonArray messages = upstream.request(0).json().getJsonArray("messages");
        assertThat(messages.stream().map(m -> m.asJsonObject().getString("role")).toList(),
                   contains("user", "assistant", "user", "assistant", "user"));
        JsonObject image = messages.getJsonObject(0).getJsonArray("content").getJsonObject(1);
        assertThat(image.getString("type"), is("image"));
        assertThat(image.getJsonObject("source").getString("type"), is("base64"));
        assertThat(image.getJsonObject("source").getString("media_type"), is("image/png"));
        assertThat(image.getJsonObject("source").getString("data"), is("iVBORw0KGgo="));
        assertThat(messages.getJsonObject(2).getJsonArray("content").getJsonObject(0).getString("type"),
                   is("tool_result"));
        assertThat(messages.getJsonObject(3).getJsonArray("content").getJsonObject(0).getString("text"), is("A cat."));
    }

    @Test
    void historyOverTheBudgetDropsTheOldestTurns() {
        client.close();
        client = new AnthropicClient(TestAgents.settings("anthropic", upstream.baseUrl(),
                                                         "history-budget-tokens", "12"), tools);
        upstream.enqueue(FakeReply.sse(FakeUpstream.anthropicText("ok")));

        send(List.of(user("old question " + "x".repeat(40)), assistant("old answer"), user("new question")));

        JsonArray messages = upstream.request(0).json().getJsonArray("messages");
        assertThat(messages.size(), is(1));
        assertThat(messages.getJsonObject(0).getJsonArray("content").getJsonObject(0).getString("text"),
                   is("new question"));
    }
}
