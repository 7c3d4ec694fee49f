package agentchat.messages;

import java.util.List;
import java.util.stream.Collectors;

import jakarta.json.JsonObject;

/**
 * One part of a message. User messages hold text and images; assistant messages hold text,
 * tool calls and their results, in the order they happened.
 */
public sealed interface MessageContent {

    /** The text parts of some content, one line after the other. */
    static String textOf(List<MessageContent> content) {
        return content.stream()
                .filter(part -> part instanceof Text)
                .map(part -> ((Text) part).text())
                .collect(Collectors.joining("\n"));
    }

    record Text(String text) implements MessageContent {
    }

    /**
     * An image, stored once as an attachment of the chat and served at {@code url}. {@code base64}
     * holds its bytes (bare base64, no {@code data:} prefix) where they were loaded — for the
     * model, and for clients that want {@code imageData} — and is null where they were not.
     */
    record Image(String attachmentId, String mimeType, String url, String base64) implements MessageContent {

        /** An image by reference only, as messages store it. */
        public static Image of(String chatId, String attachmentId, String mimeType) {
            return new Image(attachmentId, mimeType, urlOf(chatId, attachmentId), null);
        }

        /**
         * An image kept inside its message row, without an attachment or url: how a server older than
         * migration V7 stored a tool's images. Such an image is left only where V7 could not decode it,
         * or where an older server still running beside a newer one wrote after the migration.
         */
        public static Image inline(String mimeType, String base64) {
            return new Image(null, mimeType, null, base64);
        }

        /** Where clients fetch an attachment of a chat. */
        public static String urlOf(String chatId, String attachmentId) {
            return "/api/chats/" + chatId + "/attachments/" + attachmentId;
        }

        public boolean isAttachment() {
            return attachmentId != null;
        }

        public boolean hasData() {
            return base64 != null;
        }

        public Image withData(String base64) {
            return new Image(attachmentId, mimeType, url, base64);
        }

        /** Without its bytes; an {@link #inline} image keeps them, as it has nothing else. */
        public Image withoutData() {
            return base64 == null || !isAttachment() ? this : new Image(attachmentId, mimeType, url, null);
        }

        public String dataUri() {
            if (base64 == null) {
                throw new IllegalStateException("The bytes of attachment " + attachmentId + " were not loaded");
            }
            return "data:" + mimeType + ";base64," + base64;
        }
    }

    record ToolUse(String id, String name, JsonObject input) implements MessageContent {
    }

    /**
     * A tool's answer; {@code images} are the images it returned (e.g. an MCP tool's screenshot), usually none.
     * They are attachments of the chat like image parts, with their bytes where those were loaded.
     */
    record ToolResult(String toolUseId, String content, boolean isError, List<Image> images)
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
    }
}
