package agentchat.agent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import agentchat.messages.MessageContent;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * Collects one model call's streamed reply: text (passed on as it arrives), tool calls assembled
 * from input fragments, usage and why it stopped. Stop reasons are normalized to end_turn,
 * max_tokens or tool_use. The text of thinking blocks is passed on too when asked for (the progress
 * notes a model writes between tool calls), a paragraph break apart from the text around it; it is
 * not part of {@link #parts()}, as the provider gets it back in its own blocks ({@link #providerContent()}).
 */
final class ReplyAccumulator {

    static final String END_TURN = "end_turn";
    static final String MAX_TOKENS = "max_tokens";
    static final String TOOL_USE = "tool_use";
    static final String PARAGRAPH_BREAK = "\n\n";

    /**
     * Where shown text came from: nothing yet, text blocks, else a thinking block's key. Tool calls do
     * not separate text: they are shown after the reply, so all its text is shown as one run.
     */
    private static final int NO_SOURCE = -2;
    private static final int TEXT_SOURCE = -1;

    private final Consumer<String> onText;
    private final boolean showThinking;
    private final List<Object> parts = new ArrayList<>();
    private final Map<Integer, ToolCallBuilder> toolCalls = new LinkedHashMap<>();
    private final List<JsonObject> providerContent = new ArrayList<>();
    private int lastShownSource = NO_SOURCE;
    private boolean thinkingShown;
    private String responseId;
    private String model;
    private String stopReason;
    private long inputTokens;
    private long outputTokens;
    private long cacheReadTokens;
    private long cacheWriteTokens;
    private boolean finished;

    ReplyAccumulator(Consumer<String> onText) {
        this(onText, false);
    }

    /** @param showThinking pass the text of thinking blocks on (asked for as progress updates) */
    ReplyAccumulator(Consumer<String> onText, boolean showThinking) {
        this.onText = onText;
        this.showThinking = showThinking;
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
        show(TEXT_SOURCE, delta);
    }

    /** Text of the thinking block with stream-local {@code key}: shown only when asked for. */
    void thinkingText(int key, String delta) {
        if (!showThinking || delta == null || delta.isEmpty()) {
            return;
        }
        thinkingShown = true;
        show(key, delta);
    }

    private void show(int source, String delta) {
        if (lastShownSource != NO_SOURCE && lastShownSource != source) {
            onText.accept(PARAGRAPH_BREAK);
        }
        lastShownSource = source;
        onText.accept(delta);
    }

    /** Starts the tool call with stream-local {@code key} (Anthropic block index, OpenAI tool_calls index). */
    void startToolCall(int key, String id, String name) {
        ToolCallBuilder call = new ToolCallBuilder(id, name);
        toolCalls.put(key, call);
        parts.add(call);
    }

    /** The tool call with stream-local {@code key} as far as it arrived, or null. */
    MessageContent.ToolUse toolUse(int key) {
        ToolCallBuilder call = toolCalls.get(key);
        return call == null ? null : call.build().use();
    }

    /** The next content block of the reply exactly as the provider returned it, for {@link #providerContent()}. */
    void providerBlock(JsonObject block) {
        providerContent.add(block);
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
        return !parts.isEmpty() || thinkingShown;
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

    /** The reply's text and tool calls as message parts, in the order they streamed; blank text left out. */
    List<MessageContent> parts() {
        return parts.stream()
                .filter(part -> !(part instanceof StringBuilder text) || !text.toString().isBlank())
                .<MessageContent>map(part -> part instanceof StringBuilder text
                        ? new MessageContent.Text(text.toString())
                        : ((ToolCallBuilder) part).build().use())
                .toList();
    }

    /** The reply's content blocks as the provider returned them, or null when it gave none (OpenAI). */
    JsonArray providerContent() {
        if (providerContent.isEmpty()) {
            return null;
        }
        JsonArrayBuilder blocks = JsonSupport.BUILDERS.createArrayBuilder();
        providerContent.forEach(blocks::add);
        return blocks.build();
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
