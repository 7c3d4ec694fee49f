package agentchat.agent;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;

import static agentchat.agent.JsonSupport.number;
import static agentchat.agent.JsonSupport.object;
import static agentchat.agent.JsonSupport.string;

/** The events of the Anthropic Messages streaming API. */
final class AnthropicStreamDecoder implements StreamDecoder {

    private final ReplyAccumulator reply;

    AnthropicStreamDecoder(ReplyAccumulator reply) {
        this.reply = reply;
    }

    @Override
    public boolean accept(SseEvent event) {
        JsonObject data = parse(event);
        String type = data == null ? event.event() : string(data, "type");
        if (type == null) {
            type = event.event();
        }
        switch (type) {
            case "message_start" -> messageStart(object(data, "message"));
            case "content_block_start" -> blockStart((int) number(data, "index", 0), object(data, "content_block"));
            case "content_block_delta" -> blockDelta((int) number(data, "index", 0), object(data, "delta"));
            case "message_delta" -> messageDelta(data);
            case "message_stop" -> {
                reply.finish();
                return true;
            }
            case "error" -> throw streamError(object(data, "error"));
            default -> {
                // ping, content_block_stop and event types added later carry nothing we need
            }
        }
        return false;
    }

    private static JsonObject parse(SseEvent event) {
        if (event.data().isBlank()) {
            return null;
        }
        try {
            return JsonSupport.parseObject(event.data());
        } catch (JsonException e) {
            throw UpstreamException.fatal(UpstreamException.UPSTREAM_ERROR,
                                          "Malformed " + event.event() + " event from upstream");
        }
    }

    private void messageStart(JsonObject message) {
        reply.responseId(string(message, "id"));
        reply.model(string(message, "model"));
        usage(object(message, "usage"));
    }

    /** input_tokens counts only what was neither read from nor written to the cache. */
    private void usage(JsonObject usage) {
        reply.inputTokens(number(usage, "input_tokens", 0));
        reply.cacheReadTokens(number(usage, "cache_read_input_tokens", 0));
        reply.cacheWriteTokens(number(usage, "cache_creation_input_tokens", 0));
        reply.outputTokens(number(usage, "output_tokens", 0));
    }

    private void blockStart(int index, JsonObject block) {
        if ("tool_use".equals(string(block, "type"))) {
            reply.startToolCall(index, string(block, "id"), string(block, "name"));
        } else if ("text".equals(string(block, "type"))) {
            reply.text(string(block, "text"));
        }
    }

    private void blockDelta(int index, JsonObject delta) {
        switch (String.valueOf(string(delta, "type"))) {
            case "text_delta" -> reply.text(string(delta, "text"));
            case "input_json_delta" -> reply.toolInput(index, string(delta, "partial_json"));
            default -> {
                // thinking, signature and citation deltas are not shown in this chat
            }
        }
    }

    private void messageDelta(JsonObject data) {
        String stopReason = string(object(data, "delta"), "stop_reason");
        if (stopReason != null) {
            reply.stopReason(switch (stopReason) {
                case "tool_use" -> ReplyAccumulator.TOOL_USE;
                case "max_tokens", "model_context_window_exceeded" -> ReplyAccumulator.MAX_TOKENS;
                default -> ReplyAccumulator.END_TURN;
            });
        }
        usage(object(data, "usage"));
    }

    private static UpstreamException streamError(JsonObject error) {
        String type = string(error, "type");
        String message = string(error, "message");
        boolean transientError = "overloaded_error".equals(type) || "api_error".equals(type);
        return new UpstreamException(UpstreamException.UPSTREAM_ERROR,
                                     "Upstream error" + (type == null ? "" : " (" + type + ")") + ": "
                                             + (message == null ? "no message" : message),
                                     transientError,
                                     null);
    }
}
