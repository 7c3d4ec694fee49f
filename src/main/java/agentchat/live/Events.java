package agentchat.live;

import java.util.List;

import agentchat.json.Json;
import agentchat.messages.Message;
import agentchat.messages.MessageContent;
import agentchat.messages.MessageJson;
import jakarta.json.JsonObject;

/** The server → client events of PROTOCOL.md, as JSON text. */
final class Events {

    private Events() {
    }

    static String userMessageStored(Message message) {
        return write(Json.object().add("type", "user_message_stored").add("message", MessageJson.toJson(message)).build());
    }

    static String messagesDeleted(List<String> messageIds) {
        var ids = Json.array();
        messageIds.forEach(ids::add);
        return write(Json.object().add("type", "messages_deleted").add("messageIds", ids).build());
    }

    static String userMessageUpdated(Message message) {
        return write(Json.object().add("type", "user_message_updated").add("message", MessageJson.toJson(message)).build());
    }

    static String messageStart(String messageId) {
        return write(Json.object().add("type", "message_start").add("messageId", messageId).build());
    }

    static String status(String status) {
        return write(Json.object().add("type", "status").add("status", status).build());
    }

    static String delta(String messageId, String delta) {
        return write(Json.object().add("type", "message_delta").add("messageId", messageId).add("delta", delta).build());
    }

    static String toolUse(String messageId, MessageContent.ToolUse use) {
        return write(Json.object()
                .add("type", "tool_use")
                .add("messageId", messageId)
                .add("toolUseId", use.id())
                .add("toolName", use.name())
                .add("toolInput", use.input())
                .build());
    }

    static String toolResult(String messageId, MessageContent.ToolResult result) {
        var json = Json.object()
                .add("type", "tool_result")
                .add("messageId", messageId)
                .add("toolUseId", result.toolUseId())
                .add("output", result.content())
                .add("isError", result.isError());
        if (!result.images().isEmpty()) {
            json.add("images", MessageJson.toolImagesToJson(result.images()));
        }
        return write(json.build());
    }

    static String complete(Message message) {
        return write(Json.object().add("type", "message_complete").add("message", MessageJson.toJson(message)).build());
    }

    static String error(String code, String message, String messageId) {
        var json = Json.object().add("type", "error").add("error", message).add("code", code);
        if (messageId != null) {
            json.add("messageId", messageId);
        }
        return write(json.build());
    }

    static String approvalRequest(String requestId, MessageContent.ToolUse use) {
        return write(Json.object()
                .add("type", "tool_approval_request")
                .add("requestId", requestId)
                .add("toolName", use.name())
                .add("toolInput", use.input())
                .build());
    }

    /** Events for the same part of a message, in content order (used to catch up a late socket). */
    static String forPart(String messageId, MessageContent part) {
        return switch (part) {
            case MessageContent.Text text -> delta(messageId, text.text());
            case MessageContent.ToolUse use -> toolUse(messageId, use);
            case MessageContent.ToolResult result -> toolResult(messageId, result);
            case MessageContent.Image image -> null;
        };
    }

    private static final String TYPE_PREFIX = "{\"type\":\"";

    /** The {@code type} of an event written here (they all begin with it), without parsing the rest. */
    static String type(String event) {
        if (event.startsWith(TYPE_PREFIX)) {
            int end = event.indexOf('"', TYPE_PREFIX.length());
            if (end > 0) {
                return event.substring(TYPE_PREFIX.length(), end);
            }
        }
        return Json.parseObject(event).getString("type", "");
    }

    private static String write(JsonObject event) {
        return Json.write(event);
    }
}
