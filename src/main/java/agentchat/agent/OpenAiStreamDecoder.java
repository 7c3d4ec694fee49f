package agentchat.agent;

import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import static agentchat.agent.JsonSupport.number;
import static agentchat.agent.JsonSupport.object;
import static agentchat.agent.JsonSupport.string;

/** The chunks of the OpenAI Chat Completions streaming API, ended by {@code data: [DONE]}. */
final class OpenAiStreamDecoder implements StreamDecoder {

    private final ReplyAccumulator reply;
    private int generatedIds;

    OpenAiStreamDecoder(ReplyAccumulator reply) {
        this.reply = reply;
    }

    @Override
    public boolean accept(SseEvent event) {
        String data = event.data().strip();
        if (data.equals("[DONE]")) {
            reply.finish();
            return true;
        }
        if (data.isEmpty()) {
            return false;
        }
        JsonObject chunk;
        try {
            chunk = JsonSupport.parseObject(data);
        } catch (JsonException e) {
            throw UpstreamException.fatal(UpstreamException.UPSTREAM_ERROR, "Malformed chunk from upstream");
        }
        JsonObject error = object(chunk, "error");
        if (error != null) {
            String message = string(error, "message");
            throw UpstreamException.fatal(UpstreamException.UPSTREAM_ERROR,
                                          "Upstream error: " + (message == null ? error.toString() : message));
        }
        reply.responseId(string(chunk, "id"));
        reply.model(string(chunk, "model"));
        JsonObject usage = object(chunk, "usage");
        if (usage != null) {
            // prompt_tokens includes the cached ones; OpenAI reports no cache writes here
            long cached = number(object(usage, "prompt_tokens_details"), "cached_tokens", 0);
            reply.inputTokens(Math.max(0, number(usage, "prompt_tokens", 0) - cached));
            reply.cacheReadTokens(cached);
            reply.outputTokens(number(usage, "completion_tokens", 0));
        }
        JsonValue choices = chunk.get("choices");
        if (choices instanceof JsonArray array && !array.isEmpty()) {
            choice(array.getJsonObject(0));
        }
        return false;
    }

    private void choice(JsonObject choice) {
        JsonObject delta = object(choice, "delta");
        reply.text(string(delta, "content"));
        if (delta != null && delta.get("tool_calls") instanceof JsonArray calls) {
            for (JsonValue value : calls) {
                toolCallFragment(value.asJsonObject());
            }
        }
        String finishReason = string(choice, "finish_reason");
        if (finishReason != null) {
            reply.stopReason(switch (finishReason) {
                case "tool_calls", "function_call" -> ReplyAccumulator.TOOL_USE;
                case "length" -> ReplyAccumulator.MAX_TOKENS;
                // some compatible servers say "stop" even when the reply asks for tools
                default -> reply.toolCalls().isEmpty() ? ReplyAccumulator.END_TURN : ReplyAccumulator.TOOL_USE;
            });
            reply.finish();
        }
    }

    private void toolCallFragment(JsonObject fragment) {
        int index = (int) number(fragment, "index", 0);
        JsonObject function = object(fragment, "function");
        if (!reply.hasToolCall(index)) {
            String id = string(fragment, "id");
            reply.startToolCall(index, id == null ? "call_generated_" + (++generatedIds) : id,
                                string(function, "name"));
        } else {
            reply.toolName(index, string(function, "name"));
        }
        reply.toolInput(index, string(function, "arguments"));
    }
}
