package agentchat.agent.claudecode;

import java.util.List;
import java.util.UUID;

import agentchat.json.Json;
import agentchat.messages.MessageContent;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;

/**
 * What agentchat writes to the CLI's stdin in its stream-json protocol: the user's message, the
 * interrupt control request, and answers to the CLI's permission requests.
 */
final class CliMessages {

    private CliMessages() {
    }

    /** The user's message: text and image blocks in the Messages API shape, preceded by {@code preamble} when given. */
    static JsonObject userMessage(String preamble, List<MessageContent> content) {
        JsonArrayBuilder blocks = Json.array();
        if (preamble != null) {
            blocks.add(text(preamble));
        }
        for (MessageContent part : content) {
            switch (part) {
                case MessageContent.Text text -> blocks.add(text(text.text()));
                case MessageContent.Image image -> blocks.add(Json.object()
                        .add("type", "image")
                        .add("source", Json.object()
                                .add("type", "base64")
                                .add("media_type", image.mimeType())
                                .add("data", image.base64())));
                // a user message holds no tool parts; nothing to send for them
                case MessageContent.ToolUse ignored -> { }
                case MessageContent.ToolResult ignored -> { }
            }
        }
        return Json.object()
                .add("type", "user")
                .add("message", Json.object().add("role", "user").add("content", blocks))
                .build();
    }

    /** Stops the running turn; the CLI answers with a control_response and then its result. */
    static JsonObject interrupt() {
        return Json.object()
                .add("type", "control_request")
                .add("request_id", "interrupt-" + UUID.randomUUID())
                .add("request", Json.object().add("subtype", "interrupt"))
                .build();
    }

    /** Lets a tool call run, unchanged. */
    static JsonObject allow(String requestId, JsonObject input) {
        return success(requestId, Json.object().add("behavior", "allow").add("updatedInput", input).build());
    }

    /** Refuses a tool call; {@code message} becomes the tool's error result the model sees. */
    static JsonObject deny(String requestId, String message) {
        return success(requestId, Json.object().add("behavior", "deny").add("message", message).build());
    }

    /** Answers a control request agentchat does not serve (hooks, SDK MCP servers). */
    static JsonObject unsupported(String requestId, String subtype) {
        return Json.object()
                .add("type", "control_response")
                .add("response", Json.object()
                        .add("subtype", "error")
                        .add("request_id", requestId)
                        .add("error", "agentchat does not serve control requests of type " + subtype))
                .build();
    }

    private static JsonObject success(String requestId, JsonObject response) {
        return Json.object()
                .add("type", "control_response")
                .add("response", Json.object()
                        .add("subtype", "success")
                        .add("request_id", requestId)
                        .add("response", response))
                .build();
    }

    private static JsonObject text(String text) {
        return Json.object().add("type", "text").add("text", text).build();
    }
}
