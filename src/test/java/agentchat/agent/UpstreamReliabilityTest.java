package agentchat.agent;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import agentchat.testing.AnthropicStream;
import agentchat.testing.FakeReply;
import agentchat.testing.FakeUpstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static agentchat.agent.TestAgents.user;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

/** Retries, timeouts, cancellation: the failure paths of a streamed model call, over real HTTP. */
class UpstreamReliabilityTest {

    private final FakeUpstream upstream = FakeUpstream.start();
    private final FakeTools tools = new FakeTools();
    private AgentClient client = anthropic();

    @AfterEach
    void tearDown() {
        client.close();
        upstream.close();
    }

    private AgentClient anthropic(String... keyValues) {
        return new AnthropicClient(TestAgents.settings("anthropic", upstream.baseUrl(), keyValues), tools);
    }

    private RecordingCallbacks send() {
        RecordingCallbacks callbacks = new RecordingCallbacks();
        client.sendMessage(TurnRequest.of("chat-1", List.of(user("Hi")), null), callbacks);
        return callbacks;
    }

    /** Runs a turn on a virtual thread, as the turn runner does. */
    private Thread sendInBackground(RecordingCallbacks callbacks) {
        return Thread.ofVirtual().start(() -> client.sendMessage(TurnRequest.of("chat-1", List.of(user("Hi")), null), callbacks));
    }

    @Test
    void unauthorizedIsUpstreamAuthWithTheUpstreamMessage() {
        upstream.enqueue(FakeReply.json(401, AnthropicStream.errorBody("authentication_error", "invalid x-api-key")));

        AgentError error = send().error;

        assertThat(error.code(), is("UPSTREAM_AUTH"));
        assertThat(error.message(), containsString("invalid x-api-key"));
        assertThat(upstream.requestCount(), is(1));
    }

    @Test
    void forbiddenIsUpstreamAuth() {
        upstream.enqueue(FakeReply.json(403, AnthropicStream.errorBody("permission_error", "no access")));

        assertThat(send().error.code(), is("UPSTREAM_AUTH"));
    }

    @Test
    void badRequestIsUpstreamErrorWithTheParsedMessageAndIsNotRetried() {
        upstream.enqueue(FakeReply.json(400, AnthropicStream.errorBody("invalid_request_error", "messages: bad")));

        AgentError error = send().error;

        assertThat(error.code(), is("UPSTREAM_ERROR"));
        assertThat(error.message(), containsString("messages: bad"));
        assertThat(upstream.requestCount(), is(1));
    }

    @Test
    void rateLimitIsRetriedAfterTheRetryAfterDelay() {
        upstream.enqueue(FakeReply.json(429, AnthropicStream.errorBody("rate_limit_error", "slow down"))
                                 .header("retry-after", "1"),
                         FakeReply.sse(FakeUpstream.anthropicText("finally")));

        long start = System.nanoTime();
        RecordingCallbacks callbacks = send();
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(callbacks.text(), is("finally"));
        assertThat(upstream.requestCount(), is(2));
        assertThat(elapsedMs, greaterThanOrEqualTo(950L));
    }

    @Test
    void overloadedIsRetried() {
        upstream.enqueue(FakeReply.json(529, AnthropicStream.errorBody("overloaded_error", "Overloaded")),
                         FakeReply.sse(FakeUpstream.anthropicText("ok")));

        assertThat(send().result.stopReason(), is("end_turn"));
        assertThat(upstream.requestCount(), is(2));
    }

    @Test
    void serverErrorIsRetried() {
        upstream.enqueue(FakeReply.status(500), FakeReply.status(503), FakeReply.sse(FakeUpstream.anthropicText("ok")));

        assertThat(send().result.stopReason(), is("end_turn"));
        assertThat(upstream.requestCount(), is(3));
    }

    @Test
    void overloadedErrorEventBeforeTheFirstTokenIsRetried() {
        upstream.enqueue(FakeReply.sse(List.of(AnthropicStream.error("overloaded_error", "Overloaded"))),
                         FakeReply.sse(FakeUpstream.anthropicText("ok")));

        assertThat(send().text(), is("ok"));
        assertThat(upstream.requestCount(), is(2));
    }

    @Test
    void exhaustedRetriesEndWithUpstreamErrorAndTheLastMessage() {
        client.close();
        client = anthropic("max-retries", "2");
        upstream.fallback(FakeReply.json(529, AnthropicStream.errorBody("overloaded_error", "Overloaded")));

        AgentError error = send().error;

        assertThat(error.code(), is("UPSTREAM_ERROR"));
        assertThat(error.message(), containsString("Overloaded"));
        assertThat(upstream.requestCount(), is(3));
    }

    @Test
    void refusedConnectionIsRetriedThenUpstreamError() {
        client.close();
        client = new AnthropicClient(TestAgents.settings("anthropic", "http://127.0.0.1:1", "max-retries", "1"), tools);

        assertThat(send().error.code(), is("UPSTREAM_ERROR"));
    }

    @Test
    void stalledStreamTimesOutThroughTheIdleWatchdog() {
        client.close();
        client = anthropic("idle-timeout-ms", "300");
        upstream.enqueue(FakeReply.sse(new AnthropicStream().text("Hel").head()).thenStall());

        long start = System.nanoTime();
        RecordingCallbacks callbacks = send();

        assertThat(callbacks.error.code(), is("UPSTREAM_TIMEOUT"));
        assertThat(callbacks.text(), is("Hel"));
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), lessThan(5_000L));
    }

    @Test
    void missingResponseHeadersTimeOut() {
        client.close();
        client = anthropic("response-timeout-ms", "300");
        upstream.enqueue(FakeReply.hang());

        assertThat(send().error.code(), is("UPSTREAM_TIMEOUT"));
    }

    @Test
    void cancelMidStreamCompletesPromptlyAsCancelledAndClosesTheUpstreamConnection() throws Exception {
        upstream.enqueue(FakeReply.sse(new AnthropicStream().text("Hel").head()).thenStall());
        RecordingCallbacks callbacks = new RecordingCallbacks();
        Thread turn = sendInBackground(callbacks);
        assertThat(callbacks.firstText.await(5, TimeUnit.SECONDS), is(true));

        long start = System.nanoTime();
        client.cancel("chat-1");
        turn.join(Duration.ofSeconds(5));

        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), lessThan(500L));
        assertThat(callbacks.result.stopReason(), is("cancelled"));
        assertThat(callbacks.result.usage().inputTokens(), is(25L));
        assertThat(callbacks.terminalCalls, is(1));
        assertThat(upstream.awaitClientDisconnect(0, Duration.ofSeconds(2)), is(true));
    }

    @Test
    void cancelWhileWaitingForHeadersCompletesAsCancelled() throws Exception {
        upstream.enqueue(FakeReply.hang());
        RecordingCallbacks callbacks = new RecordingCallbacks();
        Thread turn = sendInBackground(callbacks);
        upstream.awaitRequest(0, Duration.ofSeconds(5));

        client.cancel("chat-1");
        turn.join(Duration.ofSeconds(2));

        assertThat(callbacks.result.stopReason(), is("cancelled"));
    }

    @Test
    void cancelDuringRetryBackoffCompletesAsCancelled() throws Exception {
        upstream.enqueue(FakeReply.json(429, "{}").header("retry-after", "20"));
        RecordingCallbacks callbacks = new RecordingCallbacks();
        Thread turn = sendInBackground(callbacks);
        upstream.awaitRequest(0, Duration.ofSeconds(5));
        Thread.sleep(100);

        client.cancel("chat-1");
        turn.join(Duration.ofSeconds(2));

        assertThat(callbacks.result.stopReason(), is("cancelled"));
        assertThat(upstream.requestCount(), is(1));
    }

    @Test
    void cancelInterruptsARunningToolAndLeavesTheCallerThreadUninterrupted() throws Exception {
        upstream.enqueue(FakeReply.sse(FakeUpstream.anthropicToolUse("t1", "Slow", "{}")));
        RecordingCallbacks callbacks = new RecordingCallbacks();
        boolean[] interruptedAfter = {true};
        Thread turn = Thread.ofVirtual().start(() -> {
            client.sendMessage(TurnRequest.of("chat-1", List.of(user("Hi")), null), callbacks);
            interruptedAfter[0] = Thread.currentThread().isInterrupted();
        });
        assertThat(callbacks.toolStarted.await(5, TimeUnit.SECONDS), is(true));
        Thread.sleep(50);

        client.cancel("chat-1");
        turn.join(Duration.ofSeconds(2));

        assertThat(tools.slowInterrupted.getCount(), is(0L));
        assertThat(callbacks.result.stopReason(), is("cancelled"));
        assertThat(interruptedAfter[0], is(false));
    }

    @Test
    void cancelOfAChatWithoutATurnDoesNothing() {
        client.cancel("no-such-chat");
        upstream.enqueue(FakeReply.sse(FakeUpstream.anthropicText("ok")));

        assertThat(send().result.stopReason(), is("end_turn"));
    }

    @Test
    void closeCancelsRunningTurns() throws Exception {
        upstream.enqueue(FakeReply.sse(new AnthropicStream().text("Hel").head()).thenStall());
        RecordingCallbacks callbacks = new RecordingCallbacks();
        Thread turn = sendInBackground(callbacks);
        assertThat(callbacks.firstText.await(5, TimeUnit.SECONDS), is(true));

        client.close();
        turn.join(Duration.ofSeconds(2));

        assertThat(callbacks.result.stopReason(), is("cancelled"));
    }

    @Test
    void aFailingCallbackStillEndsTheTurnWithExactlyOneError() {
        upstream.enqueue(FakeReply.sse(FakeUpstream.anthropicText("boom")));
        RecordingCallbacks callbacks = new RecordingCallbacks() {
            @Override
            public void onTextDelta(String text) {
                throw new IllegalStateException("socket gone");
            }
        };

        client.sendMessage(TurnRequest.of("chat-1", List.of(user("Hi")), null), callbacks);

        assertThat(callbacks.error.code(), is("UPSTREAM_ERROR"));
        assertThat(callbacks.terminalCalls, is(1));
    }
}
