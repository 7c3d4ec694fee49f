package agentchat.agent;

import java.util.ArrayList;
import java.util.List;

import agentchat.messages.Message;
import agentchat.messages.MessageContent;
import agentchat.testing.FakeEvent;
import agentchat.testing.FakeReply;
import agentchat.testing.FakeUpstream;
import agentchat.testing.OpenAiStream;
import agentchat.testing.RecordedRequest;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static agentchat.agent.TestAgents.assistant;
import static agentchat.agent.TestAgents.user;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

class OpenAiClientTest {

    private final FakeUpstream upstream = FakeUpstream.start();
    private final FakeTools tools = new FakeTools();
    private AgentClient client = new OpenAiClient(TestAgents.settings("openai", upstream.baseUrl()), tools);

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
    void textStreamsAsDeltasInOrderAndEndsWithEndTurn() {
        upstream.enqueue(FakeReply.sse(FakeUpstream.openAiText("Hello", " world")));

        RecordingCallbacks callbacks = send(List.of(user("Hi")));

        assertThat(callbacks.events, contains("status:thinking", "status:responding", "text:Hello", "text: world",
                                              "complete:end_turn"));
    }

    @Test
    void requestHasBearerKeySystemMessageUsageOptionAndNoToolsWhenNoneOffered() {
        client.close();
        client = new OpenAiClient(TestAgents.settings("openai", upstream.baseUrl()), ToolRunner.NONE);
        upstream.enqueue(FakeReply.sse(FakeUpstream.openAiText("ok")));

        send(List.of(user("Hi")));

        RecordedRequest request = upstream.request(0);
        assertThat(request.path(), is("/v1/chat/completions"));
        assertThat(request.header("authorization"), is("Bearer test-key-123"));
        JsonObject body = request.json();
        assertThat(body.getString("model"), is("gpt-4o-mini"));
        assertThat(body.getBoolean("stream"), is(true));
        assertThat(body.getJsonObject("stream_options").getBoolean("include_usage"), is(true));
        assertThat(body.getInt("max_tokens"), is(4096));
        assertThat(body.getJsonArray("messages").getJsonObject(0).getString("role"), is("system"));
        assertThat(body.getJsonArray("messages").getJsonObject(1).getString("content"), is("Hi"));
        assertThat(body.containsKey("tools"), is(false));
    }

    @Test
    void noAuthorizationHeaderWithoutAKey() {
        client.close();
        client = new OpenAiClient(TestAgents.settings("openai", upstream.baseUrl(), "api-key", ""), tools);
        upstream.enqueue(FakeReply.sse(FakeUpstream.openAiText("ok")));

        send(List.of(user("Hi")));

        assertThat(upstream.request(0).header("authorization"), is(nullValue()));
    }

    @Test
    void toolsAreOfferedAsFunctions() {
        upstream.enqueue(FakeReply.sse(FakeUpstream.openAiText("ok")));

        send(List.of(user("Hi")));

        JsonObject tool = upstream.request(0).json().getJsonArray("tools").getJsonObject(0);
        assertThat(tool.getString("type"), is("function"));
        assertThat(tool.getJsonObject("function").getString("name"), is("Read"));
        assertThat(tool.getJsonObject("function").getJsonObject("parameters").getString("type"), is("object"));
    }

    @Test
    void usageChunkGivesTokensAndCost() {
        upstream.enqueue(FakeReply.sse(new OpenAiStream().usage(1_000_000, 1_000_000).text("Hi").events()));

        AgentResult result = send(List.of(user("Hi"))).result;

        assertThat(result.usage().inputTokens(), is(1_000_000L));
        assertThat(result.usage().outputTokens(), is(1_000_000L));
        assertThat(result.usage().costUsd(), closeTo(0.15 + 0.6, 1e-9));
        assertThat(result.sessionId(), is("chatcmpl-123"));
    }

    @Test
    void cachedPromptTokensAreCacheReadsNotUncachedInputAndArePricedAsCachedInput() {
        upstream.enqueue(FakeReply.sse(new OpenAiStream().usage(1000, 100).cachedTokens(800).text("Hi").events()));

        Usage usage = send(List.of(user("Hi"))).result.usage();

        assertThat(usage.inputTokens(), is(200L));
        assertThat(usage.cacheReadTokens(), is(800L));
        assertThat(usage.cacheWriteTokens(), is(0L));
        assertThat(usage.outputTokens(), is(100L));
        assertThat(usage.costUsd(), closeTo((200 * 0.15 + 800 * 0.075 + 100 * 0.6) / 1e6, 1e-12));
    }

    @Test
    void theChatsModelAndSystemPromptAreSent() {
        upstream.enqueue(FakeReply.sse(FakeUpstream.openAiText("ok")));

        client.sendMessage(new TurnRequest("chat-1", List.of(user("Hi")), null, "gpt-4.1", "Be brief."),
                           new RecordingCallbacks());

        JsonObject body = upstream.request(0).json();
        assertThat(body.getString("model"), is("gpt-4.1"));
        assertThat(body.getJsonArray("messages").getJsonObject(0).getString("content"), is("Be brief."));
        assertThat(body.toString().contains("cache_control"), is(false));
    }

    @Test
    void lengthFinishReasonIsMaxTokens() {
        upstream.enqueue(FakeReply.sse(new OpenAiStream().text("cut").finishReason("length").events()));

        assertThat(send(List.of(user("Hi"))).result.stopReason(), is("max_tokens"));
    }

    @Test
    void toolCallArgumentsSplitAcrossChunksAreAssembledAndTheTurnContinues() {
        upstream.enqueue(FakeReply.sse(FakeUpstream.openAiToolCalls("call_1", "Read", "{\"pa", "th\":\"a", ".txt\"}")),
                         FakeReply.sse(FakeUpstream.openAiText("It says hi.")));

        RecordingCallbacks callbacks = send(List.of(user("Read a.txt")));

        assertThat(callbacks.events, contains("status:thinking", "tool_use:Read", "status:tool_use",
                                              "tool_result:call_1", "status:thinking", "status:responding",
                                              "text:It says hi.", "complete:end_turn"));
        assertThat(tools.runs.getFirst().input().getString("path"), is("a.txt"));
    }

    @Test
    void continuationRequestCarriesToolCallsAndToolMessages() {
        upstream.enqueue(FakeReply.sse(new OpenAiStream().text("Looking.")
                                               .toolCall("call_1", "Read", "{\"path\":\"a.txt\"}").events()),
                         FakeReply.sse(FakeUpstream.openAiText("Done.")));

        send(List.of(user("Read a.txt")));

        JsonArray messages = upstream.request(1).json().getJsonArray("messages");
        JsonObject assistantMessage = messages.getJsonObject(2);
        assertThat(assistantMessage.getString("role"), is("assistant"));
        assertThat(assistantMessage.getString("content"), is("Looking."));
        JsonObject call = assistantMessage.getJsonArray("tool_calls").getJsonObject(0);
        assertThat(call.getString("id"), is("call_1"));
        assertThat(call.getString("type"), is("function"));
        assertThat(call.getJsonObject("function").getString("name"), is("Read"));
        assertThat(call.getJsonObject("function").getString("arguments"), is("{\"path\":\"a.txt\"}"));
        JsonObject toolMessage = messages.getJsonObject(3);
        assertThat(toolMessage.getString("role"), is("tool"));
        assertThat(toolMessage.getString("tool_call_id"), is("call_1"));
        assertThat(toolMessage.getString("content"), is("contents of a.txt"));
    }

    @Test
    void historyWithImagesUsesContentPartsWithDataUris() {
        upstream.enqueue(FakeReply.sse(FakeUpstream.openAiText("ok")));

        send(List.of(user(new MessageContent.Text("What is this?"), new MessageContent.Image("a1", "image/png", "/api/chats/c/attachments/a1", "AAAA")),
                     assistant("A cat."),
                     user("Thanks")));

        JsonArray messages = upstream.request(0).json().getJsonArray("messages");
        JsonArray parts = messages.getJsonObject(1).getJsonArray("content");
        assertThat(parts.getJsonObject(0).getString("type"), is("text"));
        assertThat(parts.getJsonObject(1).getString("type"), is("image_url"));
        assertThat(parts.getJsonObject(1).getJsonObject("image_url").getString("url"), is("data:image/png;base64,AAAA"));
        assertThat(messages.getJsonObject(2).getString("content"), is("A cat."));
        assertThat(messages.getJsonObject(3).getString("content"), is("Thanks"));
    }

    @Test
    void storedToolCallsBecomeAssistantToolCallsFollowedByToolMessages() {
        upstream.enqueue(FakeReply.sse(FakeUpstream.openAiText("ok")));

        send(List.of(user("Read x"),
                     assistant(new MessageContent.ToolUse("c1", "Read", Json.createObjectBuilder().add("path", "x").build()),
                               new MessageContent.ToolResult("c1", "no such file", true),
                               new MessageContent.Text("It is missing.")),
                     user("Ok")));

        JsonArray messages = upstream.request(0).json().getJsonArray("messages");
        assertThat(messages.stream().map(m -> m.asJsonObject().getString("role")).toList(),
                   contains("system", "user", "assistant", "tool", "assistant", "user"));
        assertThat(messages.getJsonObject(2).isNull("content"), is(true));
        assertThat(messages.getJsonObject(3).getString("content"), is("Error: no such file"));
    }

    @Test
    void errorObjectInAChunkIsAnUpstreamError() {
        List<FakeEvent> events = new ArrayList<>(new OpenAiStream().text("Hel").head());
        events.add(FakeEvent.data(OpenAiStream.errorBody("server_error", "The server had an error")));
        upstream.enqueue(FakeReply.sse(events));

        AgentError error = send(List.of(user("Hi"))).error;

        assertThat(error.code(), is("UPSTREAM_ERROR"));
        assertThat(error.message(), containsString("The server had an error"));
    }

    @Test
    void streamWithoutFinishReasonOrDoneIsAnUpstreamError() {
        upstream.enqueue(FakeReply.sse(new OpenAiStream().text("Hel").head()));

        assertThat(send(List.of(user("Hi"))).error.code(), is("UPSTREAM_ERROR"));
    }

    @Test
    void unauthorizedIsUpstreamAuth() {
        upstream.enqueue(FakeReply.json(401, OpenAiStream.errorBody("invalid_request_error", "Incorrect API key")));

        AgentError error = send(List.of(user("Hi"))).error;

        assertThat(error.code(), is("UPSTREAM_AUTH"));
        assertThat(error.message(), containsString("Incorrect API key"));
    }
}
