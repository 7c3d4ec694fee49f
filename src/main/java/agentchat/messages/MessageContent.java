package agentchat.messages;

import jakarta.json.JsonObject;

/**
 * One part of a message. User messages hold text and images; assistant messages hold text,
 * tool calls and their results, in the order they happened.
 */
public sealed interface MessageContent {

    record Text(String text) implements MessageContent {
    }

    /** An image; {@code base64} is the bare base64 payload (no {@code data:} prefix). */
    record Image(String mimeType, String base64) implements MessageContent {
        public String dataUri() {
            return "data:" + mimeType + ";base64," + base64;
        }
    }

    record ToolUse(String id, String name, JsonObject input) implements MessageContent {
    }

    record ToolResult(String toolUseId, String content, boolean isError) implements MessageContent {
    }
}
