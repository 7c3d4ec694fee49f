package agentchat.agent;

import java.util.HashMap;
import java.util.Map;

import agentchat.messages.MessageContent;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;

import static agentchat.agent.JsonSupport.number;
import static agentchat.agent.JsonSupport.object;
import static agentchat.agent.JsonSupport.string;

/**
 * The events of the Anthropic Messages streaming API. Besides the text and tool calls, each finished
 * content block is handed to the reply as the API returned it ({@link ReplyAccumulator#providerBlock}),
 * thinking blocks with their signatures included: a tool loop must send them back unchanged.
 */
final class AnthropicStreamDecoder implements StreamDecoder {

    private final ReplyAccumulator reply;
    private final Map<Integer, Block> blocks = new HashMap<>();

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
            case "content_block_stop" -> blockStop((int) number(data, "index", 0));
            case "message_delta" -> messageDelta(data);
            case "message_stop" -> {
                reply.finish();
                return true;
            }
            case "error" -> throw streamError(object(data, "error"));
            default -> {
                // ping and event types added later carry nothing we need
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

    private void blockStart(int index, JsonObject start) {
        Block block = new Block(String.valueOf(string(start, "type")));
        blocks.put(index, block);
        switch (block.type) {
            case "tool_use" -> reply.startToolCall(index, string(start, "id"), string(start, "name"));
            case "text" -> text(block, string(start, "text"));
            case "thinking" -> {
                thinking(index, block, string(start, "thinking"));
                block.signature.append(nonNull(string(start, "signature")));
            }
            case "redacted_thinking" -> block.data = string(start, "data");
            default -> {
                // server tool blocks and types added later: this client offers nothing that returns them
            }
        }
    }

    private void blockDelta(int index, JsonObject delta) {
        Block block = blocks.get(index);
        switch (String.valueOf(string(delta, "type"))) {
            case "text_delta" -> text(block, string(delta, "text"));
            case "input_json_delta" -> reply.toolInput(index, string(delta, "partial_json"));
            case "thinking_delta" -> thinking(index, block, string(delta, "thinking"));
            case "signature_delta" -> {
                if (block != null) {
                    block.signature.append(nonNull(string(delta, "signature")));
                }
            }
            default -> {
                // citation deltas and types added later are not shown in this chat
            }
        }
    }

    private void text(Block block, String text) {
        reply.text(text);
        if (block != null) {
            block.text.append(nonNull(text));
        }
    }

    private void thinking(int index, Block block, String text) {
        reply.thinkingText(index, text);
        if (block != null) {
            block.text.append(nonNull(text));
        }
    }

    /** The finished block as the API sent it; text the API would refuse back (blank) is left out, as everywhere. */
    private void blockStop(int index) {
        Block block = blocks.remove(index);
        if (block == null) {
            return;
        }
        switch (block.type) {
            case "text" -> {
                if (!block.text.toString().isBlank()) {
                    reply.providerBlock(AnthropicFormat.block(new MessageContent.Text(block.text.toString())));
                }
            }
            case "tool_use" -> reply.providerBlock(AnthropicFormat.block(reply.toolUse(index)));
            case "thinking" -> reply.providerBlock(AnthropicFormat.thinkingBlock(block.text.toString(),
                                                                                 block.signature.toString()));
            case "redacted_thinking" -> reply.providerBlock(AnthropicFormat.redactedThinkingBlock(nonNull(block.data)));
            default -> {
                // not kept: see blockStart
            }
        }
    }

    private static String nonNull(String text) {
        return text == null ? "" : text;
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

    /** A content block while it streams. */
    private static final class Block {
        private final String type;
        private final StringBuilder text = new StringBuilder();
        private final StringBuilder signature = new StringBuilder();
        private String data;

        private Block(String type) {
            this.type = type;
        }
    }
}
