package agentchat.testing;

import java.util.ArrayList;
import java.util.List;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

/**
 * Builds an OpenAI Chat Completions stream in the documented wire format: chat.completion.chunk
 * objects (a first chunk with the role, content deltas, tool_calls fragments by index with id and
 * name only in the first), a chunk with finish_reason, the usage chunk with empty choices (as with
 * stream_options.include_usage), then {@code data: [DONE]}.
 */
public final class OpenAiStream {

    private final List<JsonObject> deltas = new ArrayList<>();
    private String id = "chatcmpl-123";
    private String model = "gpt-4o-mini-2024-07-18";
    private long promptTokens = 20;
    private long completionTokens = 10;
    private long cachedTokens = -1;
    private String finishReason;
    private int toolCalls;

    public OpenAiStream id(String completionId) {
        this.id = completionId;
        return this;
    }

    public OpenAiStream model(String name) {
        this.model = name;
        return this;
    }

    public OpenAiStream usage(long prompt, long completion) {
        this.promptTokens = prompt;
        this.completionTokens = completion;
        return this;
    }

    /** {@code usage.prompt_tokens_details.cached_tokens}: how many of the prompt tokens were cached. */
    public OpenAiStream cachedTokens(long cached) {
        this.cachedTokens = cached;
        return this;
    }

    public OpenAiStream finishReason(String reason) {
        this.finishReason = reason;
        return this;
    }

    public OpenAiStream text(String... contentDeltas) {
        for (String delta : contentDeltas) {
            deltas.add(Json.createObjectBuilder().add("content", delta).build());
        }
        return this;
    }

    /** One tool call; its arguments string arrives in these chunks. */
    public OpenAiStream toolCall(String callId, String name, String... argumentChunks) {
        int index = toolCalls++;
        deltas.add(toolCallDelta(Json.createObjectBuilder()
                .add("index", index).add("id", callId).add("type", "function")
                .add("function", Json.createObjectBuilder().add("name", name).add("arguments", ""))));
        for (String chunk : argumentChunks) {
            deltas.add(toolCallDelta(Json.createObjectBuilder()
                    .add("index", index)
                    .add("function", Json.createObjectBuilder().add("arguments", chunk))));
        }
        if (finishReason == null) {
            finishReason = "tool_calls";
        }
        return this;
    }

    /** The role chunk and the content/tool deltas, without finish_reason, usage or [DONE]: for cut or stalled streams. */
    public List<FakeEvent> head() {
        List<FakeEvent> events = new ArrayList<>();
        events.add(chunk(Json.createObjectBuilder().add("role", "assistant").add("content", "").build(), null));
        deltas.forEach(delta -> events.add(chunk(delta, null)));
        return events;
    }

    public List<FakeEvent> events() {
        List<FakeEvent> events = head();
        events.add(chunk(JsonValue.EMPTY_JSON_OBJECT, finishReason == null ? "stop" : finishReason));
        JsonObjectBuilder usage = Json.createObjectBuilder()
                .add("prompt_tokens", promptTokens)
                .add("completion_tokens", completionTokens)
                .add("total_tokens", promptTokens + completionTokens);
        if (cachedTokens >= 0) {
            usage.add("prompt_tokens_details", Json.createObjectBuilder()
                    .add("cached_tokens", cachedTokens).add("audio_tokens", 0));
        }
        events.add(FakeEvent.data(base().add("choices", Json.createArrayBuilder()).add("usage", usage)
                                          .build().toString()));
        events.add(FakeEvent.data("[DONE]"));
        return events;
    }

    /** The body of an OpenAI error response, and of an error chunk inside a stream. */
    public static String errorBody(String type, String message) {
        return Json.createObjectBuilder()
                .add("error", Json.createObjectBuilder()
                        .add("message", message).add("type", type).addNull("param").addNull("code"))
                .build().toString();
    }

    private static JsonObject toolCallDelta(JsonObjectBuilder call) {
        JsonArrayBuilder calls = Json.createArrayBuilder().add(call);
        return Json.createObjectBuilder().add("tool_calls", calls).build();
    }

    private FakeEvent chunk(JsonObject delta, String finish) {
        JsonObjectBuilder choice = Json.createObjectBuilder().add("index", 0).add("delta", delta).addNull("logprobs");
        if (finish == null) {
            choice.addNull("finish_reason");
        } else {
            choice.add("finish_reason", finish);
        }
        return FakeEvent.data(base().add("choices", Json.createArrayBuilder().add(choice)).addNull("usage")
                                      .build().toString());
    }

    private JsonObjectBuilder base() {
        return Json.createObjectBuilder()
                .add("id", id).add("object", "chat.completion.chunk").add("created", 1694268190)
                .add("model", model).add("system_fingerprint", "fp_44709d6fcb");
    }
}
