package agentchat.testing;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/**
 * Builds an Anthropic Messages stream in the documented wire format (message_start,
 * content_block_start/delta/stop per block, a ping, message_delta with the stop reason and usage,
 * message_stop). The stop reason is tool_use when a tool block was added, else end_turn. Thinking
 * blocks carry a signature of their own, as the API's do; {@link AnthropicThinkingRules} checks that
 * they come back unchanged.
 */
public final class AnthropicStream {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final List<List<FakeEvent>> blocks = new ArrayList<>();
    private String id = "msg_01XFDUDYJgAACzvnptvVoYEL";
    private String model = "claude-sonnet-4-5-20250929";
    private long inputTokens = 25;
    private long outputTokens = 15;
    private long cacheReadTokens;
    private long cacheWriteTokens;
    private String stopReason;

    public AnthropicStream id(String messageId) {
        this.id = messageId;
        return this;
    }

    public AnthropicStream model(String name) {
        this.model = name;
        return this;
    }

    public AnthropicStream usage(long input, long output) {
        this.inputTokens = input;
        this.outputTokens = output;
        return this;
    }

    /** Cache reads and writes reported beside the (uncached) input tokens. */
    public AnthropicStream cacheUsage(long read, long write) {
        this.cacheReadTokens = read;
        this.cacheWriteTokens = write;
        return this;
    }

    public AnthropicStream stopReason(String reason) {
        this.stopReason = reason;
        return this;
    }

    /** A text block streamed as these deltas. */
    public AnthropicStream text(String... deltas) {
        int index = blocks.size();
        List<FakeEvent> events = new ArrayList<>();
        events.add(event("content_block_start", Json.createObjectBuilder()
                .add("type", "content_block_start").add("index", index)
                .add("content_block", Json.createObjectBuilder().add("type", "text").add("text", ""))));
        for (String delta : deltas) {
            events.add(delta(index, Json.createObjectBuilder().add("type", "text_delta").add("text", delta)));
        }
        events.add(stop(index));
        blocks.add(events);
        return this;
    }

    /**
     * A thinking block: its text streamed as these thinking deltas (none for a block whose text is not
     * shown, as with the default display "omitted"), then its signature as one signature delta.
     */
    public AnthropicStream thinking(String... deltas) {
        int index = blocks.size();
        List<FakeEvent> events = new ArrayList<>();
        events.add(event("content_block_start", Json.createObjectBuilder()
                .add("type", "content_block_start").add("index", index)
                .add("content_block", Json.createObjectBuilder().add("type", "thinking").add("thinking", ""))));
        for (String delta : deltas) {
            events.add(delta(index, Json.createObjectBuilder().add("type", "thinking_delta").add("thinking", delta)));
        }
        events.add(delta(index, Json.createObjectBuilder().add("type", "signature_delta").add("signature", signature())));
        events.add(stop(index));
        blocks.add(events);
        return this;
    }

    /** A redacted_thinking block: encrypted data only, given whole in its content_block_start. */
    public AnthropicStream redactedThinking() {
        int index = blocks.size();
        List<FakeEvent> events = new ArrayList<>();
        events.add(event("content_block_start", Json.createObjectBuilder()
                .add("type", "content_block_start").add("index", index)
                .add("content_block", Json.createObjectBuilder().add("type", "redacted_thinking")
                        .add("data", signature()))));
        events.add(stop(index));
        blocks.add(events);
        return this;
    }

    /** An opaque, unique signature, base64 like the API's. */
    private static String signature() {
        byte[] bytes = new byte[48];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** A tool_use block whose input JSON arrives in these chunks (first an empty one, as the API does). */
    public AnthropicStream toolUse(String toolUseId, String name, String... jsonInputChunks) {
        int index = blocks.size();
        List<FakeEvent> events = new ArrayList<>();
        events.add(event("content_block_start", Json.createObjectBuilder()
                .add("type", "content_block_start").add("index", index)
                .add("content_block", Json.createObjectBuilder()
                        .add("type", "tool_use").add("id", toolUseId).add("name", name)
                        .add("input", Json.createObjectBuilder()))));
        events.add(delta(index, Json.createObjectBuilder().add("type", "input_json_delta").add("partial_json", "")));
        for (String chunk : jsonInputChunks) {
            events.add(delta(index, Json.createObjectBuilder()
                    .add("type", "input_json_delta").add("partial_json", chunk)));
        }
        events.add(stop(index));
        blocks.add(events);
        if (stopReason == null) {
            stopReason = "tool_use";
        }
        return this;
    }

    /** message_start and the events of the first block, up to (not including) the rest: for cut or stalled streams. */
    public List<FakeEvent> head() {
        List<FakeEvent> events = new ArrayList<>();
        events.add(messageStart());
        if (!blocks.isEmpty()) {
            List<FakeEvent> first = blocks.getFirst();
            events.addAll(first.subList(0, first.size() - 1));
        }
        return events;
    }

    public List<FakeEvent> events() {
        List<FakeEvent> events = new ArrayList<>();
        events.add(messageStart());
        for (int i = 0; i < blocks.size(); i++) {
            events.addAll(blocks.get(i));
            if (i == 0) {
                events.add(event("ping", Json.createObjectBuilder().add("type", "ping")));
            }
        }
        events.add(event("message_delta", Json.createObjectBuilder()
                .add("type", "message_delta")
                .add("delta", Json.createObjectBuilder()
                        .add("stop_reason", stopReason == null ? "end_turn" : stopReason)
                        .addNull("stop_sequence"))
                .add("usage", Json.createObjectBuilder().add("output_tokens", outputTokens))));
        events.add(event("message_stop", Json.createObjectBuilder().add("type", "message_stop")));
        return events;
    }

    /** The documented mid-stream error event, e.g. ("overloaded_error", "Overloaded"). */
    public static FakeEvent error(String type, String message) {
        return event("error", Json.createObjectBuilder()
                .add("type", "error")
                .add("error", Json.createObjectBuilder().add("type", type).add("message", message)));
    }

    /** The body of an Anthropic error response, e.g. for a 401 or a 529. */
    public static String errorBody(String type, String message) {
        return Json.createObjectBuilder()
                .add("type", "error")
                .add("error", Json.createObjectBuilder().add("type", type).add("message", message))
                .build().toString();
    }

    private FakeEvent messageStart() {
        JsonObject message = Json.createObjectBuilder()
                .add("id", id).add("type", "message").add("role", "assistant")
                .add("content", Json.createArrayBuilder()).add("model", model)
                .addNull("stop_reason").addNull("stop_sequence")
                .add("usage", Json.createObjectBuilder().add("input_tokens", inputTokens)
                        .add("cache_creation_input_tokens", cacheWriteTokens)
                        .add("cache_read_input_tokens", cacheReadTokens).add("output_tokens", 1))
                .build();
        return event("message_start", Json.createObjectBuilder().add("type", "message_start").add("message", message));
    }

    private static FakeEvent delta(int index, JsonObjectBuilder delta) {
        return event("content_block_delta", Json.createObjectBuilder()
                .add("type", "content_block_delta").add("index", index).add("delta", delta));
    }

    private static FakeEvent stop(int index) {
        return event("content_block_stop", Json.createObjectBuilder().add("type", "content_block_stop").add("index", index));
    }

    private static FakeEvent event(String name, JsonObjectBuilder data) {
        return FakeEvent.of(name, data.build().toString());
    }
}
