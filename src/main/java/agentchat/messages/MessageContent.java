package agentchat.messages;

import java.util.List;

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

    /** A tool's answer; {@code images} are the images it returned (e.g. an MCP tool's screenshot), usually none. */
    record ToolResult(String toolUseId, String content, boolean isError, List<ImageData> images)
            implements MessageContent {

        public ToolResult {
            images = images == null ? List.of() : List.copyOf(images);
        }

        public ToolResult(String toolUseId, String content, boolean isError) {
            this(toolUseId, content, isError, List.of());
        }

        public ToolResult withToolUseId(String id) {
            return new ToolResult(id, content, isError, images);
        }

        /** An image inside a tool result; {@code base64} is the bare payload (no {@code data:} prefix). */
        public record ImageData(String mimeType, String base64) {
            public String dataUri() {
                return "data:" + mimeType + ";base64," + base64;
            }
        }
    }
}
