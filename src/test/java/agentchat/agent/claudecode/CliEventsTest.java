package agentchat.agent.claudecode;

import java.util.ArrayList;
import java.util.List;

import agentchat.agent.AgentCallbacks;
import agentchat.agent.AgentError;
import agentchat.agent.AgentResult;
import agentchat.agent.Usage;
import agentchat.json.Json;
import agentchat.messages.MessageContent;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

/**
 * The CLI's stream-json events (lines as version 2.1.328 prints them, shortened) read into callbacks.
 * The end-to-end tests run the real CLI; these pin the corners it shows rarely.
 */
class CliEventsTest {

    private final List<String> seen = new ArrayList<>();
    private final CliEvents events = new CliEvents(new AgentCallbacks() {
        @Override
        public void onStatus(String status) {
            seen.add("status:" + status);
        }

        @Override
        public void onTextDelta(String text) {
            seen.add("text:" + text);
        }

        @Override
        public void onToolUse(MessageContent.ToolUse toolUse) {
            seen.add("tool_use:" + toolUse.id());
        }

        @Override
        public void onToolResult(MessageContent.ToolResult result) {
            seen.add("tool_result:" + result.toolUseId() + ":" + result.content() + (result.isError() ? ":error" : ""));
        }

        @Override
        public void onComplete(AgentResult result) {
            throw new AssertionError("CliEvents never ends the turn itself");
        }

        @Override
        public void onError(AgentError error) {
            throw new AssertionError("CliEvents never ends the turn itself");
        }
    }, null, null, 40);

    private boolean accept(String line) {
        return events.accept(Json.parseObject(line));
    }

    @Test
    void textArrivesOnceFromTheDeltasNotAgainFromTheFinishedMessage() {
        accept("""
                {"type":"system","subtype":"init","session_id":"s-1","model":"claude-opus-5-5","tools":[]}""");
        accept("""
                {"type":"system","subtype":"status","status":"requesting","session_id":"s-1"}""");
        accept("""
                {"type":"stream_event","event":{"type":"message_start","message":{"id":"msg_1","content":[]}},"parent_tool_use_id":null}""");
        accept("""
                {"type":"stream_event","event":{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hel"}},"parent_tool_use_id":null}""");
        accept("""
                {"type":"stream_event","event":{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"lo"}},"parent_tool_use_id":null}""");
        accept("""
                {"type":"assistant","message":{"id":"msg_1","model":"claude-opus-5-5","content":[{"type":"text","text":"Hello"}]},"parent_tool_use_id":null}""");

        assertThat(seen, contains("status:thinking", "status:responding", "text:Hel", "text:lo"));
        assertThat(events.started(), is(true));
        assertThat(events.sessionId(), is("s-1"));
    }

    @Test
    void aMessageThatWasNotStreamedIsShownWhole() {
        accept("""
                {"type":"assistant","message":{"id":"msg_9","model":"m","content":[{"type":"text","text":"Whole"}]},"parent_tool_use_id":null}""");

        assertThat(seen, contains("status:responding", "text:Whole"));
    }

    @Test
    void theClisOwnErrorMessageIsNotShownAsTheAnswer() {
        accept("""
                {"type":"assistant","message":{"id":"x","model":"<synthetic>","content":[{"type":"text","text":"API Error: 500 boom"}]},"parent_tool_use_id":null}""");

        assertThat(seen.isEmpty(), is(true));
    }

    @Test
    void toolCallsAndResultsAreShownButASubAgentsStayInsideItsToolCall() {
        accept("""
                {"type":"assistant","message":{"id":"m","model":"m","content":[{"type":"tool_use","id":"toolu_task","name":"Task","input":{"prompt":"look"}}]},"parent_tool_use_id":null}""");
        accept("""
                {"type":"assistant","message":{"id":"n","model":"m","content":[{"type":"tool_use","id":"toolu_inner","name":"Read","input":{}}]},"parent_tool_use_id":"toolu_task"}""");
        accept("""
                {"type":"user","message":{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_inner","content":"inner"}]},"parent_tool_use_id":"toolu_task"}""");
        accept("""
                {"type":"user","message":{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_task","is_error":true,"content":[{"type":"text","text":"found it"},{"type":"image","source":{}}]}]},"parent_tool_use_id":null}""");

        assertThat(seen, contains("tool_use:toolu_task", "status:tool_use", "tool_result:toolu_task:found it\n[image]:error"));
    }

    @Test
    void aLongToolResultIsCut() {
        accept("""
                {"type":"assistant","message":{"id":"m","model":"m","content":[{"type":"tool_use","id":"t","name":"Bash","input":{}}]},"parent_tool_use_id":null}""");
        accept("""
                {"type":"user","message":{"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":"%s"}]},"parent_tool_use_id":null}"""
                .formatted("x".repeat(100)));

        assertThat(seen.getLast(), is("tool_result:t:" + "x".repeat(40) + "\n[Output cut at 40 of 100 characters.]"));
    }

    @Test
    void usageCountsThisRunOnlyWhereTheResultAddsUpTheWholeResumedSession() {
        boolean ended = accept("""
                {"type":"result","subtype":"success","is_error":false,"stop_reason":"end_turn","session_id":"s-1",
                 "total_cost_usd":0.0003212,
                 "usage":{"input_tokens":10,"output_tokens":5,"cache_read_input_tokens":3,"cache_creation_input_tokens":4},
                 "modelUsage":{"claude-opus-5-5":{"inputTokens":20,"outputTokens":10,"cacheReadInputTokens":6,
                   "cacheCreationInputTokens":8,"costUSD":0.0003212}},
                 "model_usage_since_last_result":{"claude-opus-5-5":{"inputTokens":10,"outputTokens":5,
                   "cacheReadInputTokens":3,"cacheCreationInputTokens":4,"costUSD":0.0001606}}}""");

        assertThat(ended, is(true));
        assertThat(events.usage(), is(new Usage(10, 5, 3, 4, 0.0001606)));
        assertThat(events.modelUsed(), is("claude-opus-5-5"));
    }

    @Test
    void withoutPerRunCountsTheResultsUsageAndCostAreUsed() {
        accept("""
                {"type":"result","subtype":"success","is_error":false,"session_id":"s-2","total_cost_usd":0.5,
                 "usage":{"input_tokens":7,"output_tokens":2,"cache_read_input_tokens":1,"cache_creation_input_tokens":0}}""");

        assertThat(events.usage(), is(new Usage(7, 2, 1, 0, 0.5)));
        assertThat(events.sessionId(), is("s-2"));
        assertThat(events.started(), is(false));
    }
}
