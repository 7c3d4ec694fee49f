package agentchat.agent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import agentchat.messages.MessageContent;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * Collects one model call's streamed reply: text (passed on as it arrives), tool calls assembled
 * from input fragments, usage and why it stopped. Stop reasons are normalized to end_turn,
 * max_tokens or tool_use.
 */
final class ReplyAccumulator {

    static final String END_TURN = "end_turn";
    static final String MAX_TOKENS = "max_tokens";
    static final String TOOL_USE = "tool_use";

    private final Consumer<String> onText;
    private final List<Object> parts = new ArrayList<>();
    private final Map<Integer, ToolCallBuilder> toolCalls = new LinkedHashMap<>();
    private String responseId;
    private String model;
    private String stopReason;
    private long inputTokens;
    private long outputTokens;
    private long cacheReadTokens;
    private long cacheWriteTokens;
    private boolean finished;

    ReplyAccumulator(Consumer<String> onText) {
        this.onText = onText;
    }

    void text(String delta) {
        if (delta == null || delta.isEmpty()) {
            return;
        }
        if (!parts.isEmpty() && parts.getLast() instanceof StringBuilder text) {
            text.append(delta);
        } else {
            parts.add(new StringBuilder(delta));
        }
        onText.accept(delta);
    }

    /** Starts the tool call with stream-local {@code key} (Anthropic block index, OpenAI tool_calls index). */
    void startToolCall(int key, String id, String name) {
        ToolCallBuilder call = new ToolCallBuilder(id, name);
        toolCalls.put(key, call);
        parts.add(call);
    }

    boolean hasToolCall(int key) {
        return toolCalls.containsKey(key);
    }

    void toolInput(int key, String fragment) {
        ToolCallBuilder call = toolCalls.get(key);
        if (call != null && fragment != null) {
            call.input.append(fragment);
        }
    }

    void toolName(int key, String name) {
        ToolCallBuilder call = toolCalls.get(key);
        if (call != null && name != null && call.name.isEmpty()) {
            call.name = name;
        }
    }

    /** True once anything reached the caller: from then on the call must not be retried. */
    boolean hasOutput() {
        return !parts.isEmpty();
    }

    void responseId(String id) {
        if (responseId == null && id != null && !id.isEmpty()) {
            responseId = id;
        }
    }

    void model(String name) {
        if (model == null && name != null && !name.isEmpty()) {
            model = name;
        }
    }

    /** Uncached input tokens. Usage arrives in several events, each with the counts so far: keep the largest. */
    void inputTokens(long tokens) {
        inputTokens = Math.max(inputTokens, tokens);
    }

    void cacheReadTokens(long tokens) {
        cacheReadTokens = Math.max(cacheReadTokens, tokens);
    }

    void cacheWriteTokens(long tokens) {
        cacheWriteTokens = Math.max(cacheWriteTokens, tokens);
    }

    void outputTokens(long tokens) {
        outputTokens = Math.max(outputTokens, tokens);
    }

    void stopReason(String reason) {
        stopReason = reason;
    }

    void finish() {
        finished = true;
    }

    boolean finished() {
        return finished;
    }

    String responseId() {
        return responseId;
    }

    String model() {
        return model;
    }

    String stopReason() {
        return stopReason == null ? END_TURN : stopReason;
    }

    long inputTokens() {
        return inputTokens;
    }

    long outputTokens() {
        return outputTokens;
    }

    long cacheReadTokens() {
        return cacheReadTokens;
    }

    long cacheWriteTokens() {
        return cacheWriteTokens;
    }

    /** The reply as message parts, in the order they streamed. */
    List<MessageContent> parts() {
        return parts.stream()
                .<MessageContent>map(part -> part instanceof StringBuilder text
                        ? new MessageContent.Text(text.toString())
                        : ((ToolCallBuilder) part).build().use())
                .toList();
    }

    List<ToolCall> toolCalls() {
        return toolCalls.values().stream().map(ToolCallBuilder::build).toList();
    }

    private static final class ToolCallBuilder {
        private final String id;
        private final StringBuilder input = new StringBuilder();
        private String name;

        private ToolCallBuilder(String id, String name) {
            this.id = id;
            this.name = name == null ? "" : name;
        }

        private ToolCall build() {
            String json = input.toString().strip();
            if (json.isEmpty()) {
                return new ToolCall(new MessageContent.ToolUse(id, name, JsonValue.EMPTY_JSON_OBJECT), null);
            }
            try {
                JsonObject parsed = JsonSupport.parseObject(json);
                return new ToolCall(new MessageContent.ToolUse(id, name, parsed), null);
            } catch (JsonException e) {
                return new ToolCall(new MessageContent.ToolUse(id, name, JsonValue.EMPTY_JSON_OBJECT),
                                    "The tool input was not a JSON object: " + e.getMessage());
            }
        }
    }
}
