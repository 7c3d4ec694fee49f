package agentchat.agent.claudecode;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import agentchat.agent.AgentCallbacks;
import agentchat.agent.Usage;
import agentchat.messages.MessageContent;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Reads the CLI's stream-json output, one event at a time, into agentchat's callbacks: text deltas of
 * {@code stream_event}s, tool calls of {@code assistant} messages, tool results of {@code user}
 * messages, statuses, and permission requests (to {@link PermissionRequests}). Events of sub-agents
 * (those with a {@code parent_tool_use_id}) stay inside the tool call that ran them. Remembers what
 * the turn's end needs: the session, the model and the {@code result}.
 */
final class CliEvents {

    private static final String SYNTHETIC_MODEL = "<synthetic>";

    private final AgentCallbacks callbacks;
    private final PermissionRequests permissions;
    private final CliProcess cli;
    private final int outputMaxChars;
    private final Set<String> streamedMessages = new HashSet<>();
    private final Set<String> toolUses = new HashSet<>();
    private String status = "";
    private String streamingMessage = "";
    private String sessionId;
    private String model;
    private JsonObject result;
    private boolean started;

    CliEvents(AgentCallbacks callbacks, PermissionRequests permissions, CliProcess cli, int outputMaxChars) {
        this.callbacks = callbacks;
        this.permissions = permissions;
        this.cli = cli;
        this.outputMaxChars = outputMaxChars;
    }

    /** Handles one line of output; true when it was the turn's {@code result}. */
    boolean accept(JsonObject event) {
        switch (event.getString("type", "")) {
            case "system" -> system(event);
            case "stream_event" -> {
                if (topLevel(event) && event.get("event") instanceof JsonObject streamed) {
                    streamed(streamed, event.getString("api_message_id", ""));
                }
            }
            case "assistant" -> {
                if (topLevel(event) && event.get("message") instanceof JsonObject message) {
                    assistant(message);
                }
            }
            case "user" -> {
                if (topLevel(event) && event.get("message") instanceof JsonObject message) {
                    toolResults(message);
                }
            }
            case "control_request" -> controlRequest(event);
            case "control_cancel_request" -> permissions.abandon(event.getString("request_id", ""));
            case "result" -> {
                result = event;
                return true;
            }
            default -> {
                // control_response to our interrupt, tool progress, hook events: nothing to show
            }
        }
        return false;
    }

    /** Whether the CLI started a session (its {@code system/init}); a refused resume ends before it. */
    boolean started() {
        return started;
    }

    /** The session of this run: from init, or from the result when the CLI ended before init. */
    String sessionId() {
        if (sessionId == null && result != null) {
            return result.getString("session_id", null);
        }
        return sessionId;
    }

    String model() {
        return model;
    }

    /** The CLI's {@code result}, or null when it ended without one. */
    JsonObject result() {
        return result;
    }

    /**
     * What this turn spent. The result's {@code model_usage_since_last_result} counts this run only
     * ({@code total_cost_usd} and {@code modelUsage} add up the whole resumed session); its
     * {@code usage} is the fallback.
     */
    Usage usage() {
        if (result == null) {
            return Usage.NONE;
        }
        if (result.get("model_usage_since_last_result") instanceof JsonObject perModel && !perModel.isEmpty()) {
            long input = 0;
            long output = 0;
            long cacheRead = 0;
            long cacheWrite = 0;
            double cost = 0;
            for (Map.Entry<String, JsonValue> entry : perModel.entrySet()) {
                if (entry.getValue() instanceof JsonObject counts) {
                    input += number(counts, "inputTokens");
                    output += number(counts, "outputTokens");
                    cacheRead += number(counts, "cacheReadInputTokens");
                    cacheWrite += number(counts, "cacheCreationInputTokens");
                    cost += decimal(counts, "costUSD");
                }
            }
            return new Usage(input, output, cacheRead, cacheWrite, cost);
        }
        JsonObject usage = result.get("usage") instanceof JsonObject object ? object : JsonValue.EMPTY_JSON_OBJECT;
        return new Usage(number(usage, "input_tokens"), number(usage, "output_tokens"),
                number(usage, "cache_read_input_tokens"), number(usage, "cache_creation_input_tokens"),
                result.get("total_cost_usd") instanceof JsonNumber cost ? cost.doubleValue() : null);
    }

    /** The model the turn's tokens were spent on, else the one the session started with. */
    String modelUsed() {
        if (result != null && result.get("model_usage_since_last_result") instanceof JsonObject perModel
                && !perModel.isEmpty()) {
            return perModel.keySet().iterator().next();
        }
        return model;
    }

    private void system(JsonObject event) {
        switch (event.getString("subtype", "")) {
            case "init" -> {
                started = true;
                sessionId = event.getString("session_id", null);
                model = event.getString("model", null);
            }
            case "status" -> {
                if ("requesting".equals(event.getString("status", ""))) {
                    status("thinking");
                }
            }
            default -> {
                // compact boundaries, hook notices, ...: nothing to show
            }
        }
    }

    private void streamed(JsonObject streamed, String apiMessageId) {
        String type = streamed.getString("type", "");
        if ("message_start".equals(type) && streamed.get("message") instanceof JsonObject message) {
            streamingMessage = message.getString("id", "");
        }
        if (!"content_block_delta".equals(type)
                || !(streamed.get("delta") instanceof JsonObject delta)
                || !"text_delta".equals(delta.getString("type", ""))) {
            return;
        }
        String text = delta.getString("text", "");
        if (!text.isEmpty()) {
            streamedMessages.add(apiMessageId.isEmpty() ? streamingMessage : apiMessageId);
            status("responding");
            callbacks.onTextDelta(text);
        }
    }

    /**
     * A complete model message (the CLI prints one per content block). Its text already arrived as
     * deltas, unless none came for this message; a synthetic message is the CLI's own error text,
     * which ends the turn as an error instead.
     */
    private void assistant(JsonObject message) {
        if (SYNTHETIC_MODEL.equals(message.getString("model", "")) || !(message.get("content") instanceof JsonArray content)) {
            return;
        }
        String messageId = message.getString("id", "");
        for (JsonObject block : content.getValuesAs(JsonObject.class)) {
            switch (block.getString("type", "")) {
                case "text" -> {
                    String text = block.getString("text", "");
                    if (!text.isEmpty() && !streamedMessages.contains(messageId)) {
                        status("responding");
                        callbacks.onTextDelta(text);
                    }
                }
                case "tool_use" -> {
                    String id = block.getString("id", "");
                    if (toolUses.add(id)) {
                        JsonObject input = block.get("input") instanceof JsonObject object ? object
                                : JsonValue.EMPTY_JSON_OBJECT;
                        callbacks.onToolUse(new MessageContent.ToolUse(id, block.getString("name", "?"), input));
                        status("tool_use");
                    }
                }
                default -> {
                    // thinking blocks are not shown
                }
            }
        }
    }

    private void toolResults(JsonObject message) {
        if (!(message.get("content") instanceof JsonArray content)) {
            return;
        }
        for (JsonValue value : content) {
            if (value instanceof JsonObject block && "tool_result".equals(block.getString("type", ""))
                    && toolUses.contains(block.getString("tool_use_id", ""))) {
                callbacks.onToolResult(new MessageContent.ToolResult(block.getString("tool_use_id"),
                        cap(resultText(block.get("content"))), block.getBoolean("is_error", false)));
            }
        }
    }

    private void controlRequest(JsonObject event) {
        String requestId = event.getString("request_id", "");
        JsonObject request = event.get("request") instanceof JsonObject object ? object : JsonValue.EMPTY_JSON_OBJECT;
        String subtype = request.getString("subtype", "");
        if ("can_use_tool".equals(subtype)) {
            permissions.request(requestId, request);
        } else {
            cli.send(CliMessages.unsupported(requestId, subtype));
        }
    }

    private void status(String next) {
        if (!next.equals(status)) {
            status = next;
            callbacks.onStatus(next);
        }
    }

    private static boolean topLevel(JsonObject event) {
        JsonValue parent = event.get("parent_tool_use_id");
        return parent == null || parent.getValueType() == JsonValue.ValueType.NULL;
    }

    /** A tool result's content: a string, or blocks of which the text is kept and images are named. */
    static String resultText(JsonValue content) {
        if (content == null) {
            return "";
        }
        return switch (content.getValueType()) {
            case STRING -> ((JsonString) content).getString();
            case ARRAY -> {
                StringBuilder text = new StringBuilder();
                for (JsonValue part : content.asJsonArray()) {
                    if (!(part instanceof JsonObject block)) {
                        continue;
                    }
                    if (!text.isEmpty()) {
                        text.append('\n');
                    }
                    text.append("image".equals(block.getString("type", "")) ? "[image]" : block.getString("text", ""));
                }
                yield text.toString();
            }
            default -> content.toString();
        };
    }

    private String cap(String text) {
        return text.length() <= outputMaxChars ? text
                : text.substring(0, outputMaxChars) + "\n[Output cut at " + outputMaxChars + " of " + text.length()
                + " characters.]";
    }

    private static long number(JsonObject object, String name) {
        return object.get(name) instanceof JsonNumber number ? number.longValue() : 0;
    }

    private static double decimal(JsonObject object, String name) {
        return object.get(name) instanceof JsonNumber number ? number.doubleValue() : 0;
    }
}
