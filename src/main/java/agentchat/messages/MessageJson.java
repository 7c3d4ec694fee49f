package agentchat.messages;

import java.util.ArrayList;
import java.util.List;

import agentchat.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

/**
 * JSON of messages as clients see them. The database stores content and metadata in the same
 * shape, except that an image (an image part, or one of a tool result) keeps only its type and
 * attachment id ({@link #contentForStorage}).
 */
public final class MessageJson {

    private MessageJson() {
    }

    public static JsonObject toJson(Message message) {
        JsonObjectBuilder json = Json.object()
                .add("id", message.id())
                .add("chatId", message.chatId())
                .add("role", message.role().wire())
                .add("content", contentToJson(message.content()))
                .add("createdAt", Json.timestamp(message.createdAt()));
        if (message.role() == Role.ASSISTANT) {
            json.add("metadata", metadataToJson(message.metadata()));
        }
        return json.build();
    }

    public static JsonArray contentToJson(List<MessageContent> content) {
        JsonArrayBuilder array = Json.array();
        content.forEach(part -> array.add(partToJson(part)));
        return array.build();
    }

    /** Content as the database keeps it: images (of image parts and tool results) by attachment id, without bytes or url. */
    public static JsonArray contentForStorage(List<MessageContent> content) {
        JsonArrayBuilder array = Json.array();
        content.forEach(part -> array.add(partForStorage(part)));
        return array.build();
    }

    /** A part as the database keeps it (in a message's content or a streamed chunk). */
    public static JsonObject partForStorage(MessageContent part) {
        return switch (part) {
            case MessageContent.Image image -> Json.object()
                    .add("type", "image")
                    .add("mimeType", image.mimeType())
                    .add("attachmentId", image.attachmentId())
                    .build();
            case MessageContent.ToolResult result when !result.images().isEmpty() -> {
                JsonArrayBuilder images = Json.array();
                result.images().forEach(image -> images.add(image.isAttachment()
                        ? Json.object().add("mimeType", image.mimeType()).add("attachmentId", image.attachmentId()).build()
                        : imageToJson(image)));
                yield toolResultJson(result).add("images", images).build();
            }
            default -> partToJson(part);
        };
    }

    /** A part as clients see it; an image carries {@code imageData} (last) only when its bytes were loaded. */
    public static JsonObject partToJson(MessageContent part) {
        return switch (part) {
            case MessageContent.Text text -> Json.object().add("type", "text").add("text", text.text()).build();
            case MessageContent.Image image -> imageToJson(Json.object().add("type", "image"), image).build();
            case MessageContent.ToolUse use -> Json.object()
                    .add("type", "tool_use")
                    .add("id", use.id())
                    .add("name", use.name())
                    .add("input", use.input())
                    .build();
            case MessageContent.ToolResult result -> {
                JsonObjectBuilder json = toolResultJson(result);
                if (!result.images().isEmpty()) {
                    json.add("images", toolImagesToJson(result.images()));
                }
                yield json.build();
            }
        };
    }

    private static JsonObjectBuilder toolResultJson(MessageContent.ToolResult result) {
        return Json.object()
                .add("type", "tool_result")
                .add("toolUseId", result.toolUseId())
                .add("content", result.content())
                .add("isError", result.isError());
    }

    /** The images of a tool result as {@code [{mimeType, attachmentId, url, imageData?}]}, like image parts without their type. */
    public static JsonArray toolImagesToJson(List<MessageContent.Image> images) {
        JsonArrayBuilder array = Json.array();
        images.forEach(image -> array.add(imageToJson(image)));
        return array.build();
    }

    private static JsonObject imageToJson(MessageContent.Image image) {
        return imageToJson(Json.object(), image).build();
    }

    /**
     * An image's members; {@code imageData} comes last, which {@code live.WithoutImageData} relies on.
     * An inline image (see {@link MessageContent.Image#inline}) has no attachment id or url.
     */
    private static JsonObjectBuilder imageToJson(JsonObjectBuilder json, MessageContent.Image image) {
        json.add("mimeType", image.mimeType());
        if (image.isAttachment()) {
            json.add("attachmentId", image.attachmentId()).add("url", image.url());
        }
        if (image.hasData()) {
            json.add("imageData", image.dataUri());
        }
        return json;
    }

    private static List<MessageContent.Image> toolImagesFromJson(JsonArray array, String chatId) {
        if (array == null) {
            return List.of();
        }
        return array.getValuesAs(JsonObject.class).stream()
                .map(image -> image.containsKey("attachmentId")
                        ? MessageContent.Image.of(requireChat(chatId), image.getString("attachmentId"),
                                image.getString("mimeType"))
                        : MessageContent.Image.inline(image.getString("mimeType"), stripDataUri(image.getString("imageData"))))
                .toList();
    }

    private static String requireChat(String chatId) {
        if (chatId == null) {
            throw new IllegalArgumentException("An image needs the chat it belongs to");
        }
        return chatId;
    }

    /** Reads content written by {@link #contentForStorage} for a chat; parts of an unknown type are skipped. */
    public static List<MessageContent> contentFromJson(JsonArray array, String chatId) {
        List<MessageContent> parts = new ArrayList<>(array.size());
        for (JsonValue value : array) {
            JsonObject part = value.asJsonObject();
            switch (part.getString("type", "")) {
                case "text" -> parts.add(new MessageContent.Text(part.getString("text", "")));
                case "image" -> parts.add(MessageContent.Image.of(requireChat(chatId), part.getString("attachmentId"),
                        part.getString("mimeType")));
                case "tool_use" -> parts.add(new MessageContent.ToolUse(part.getString("id"), part.getString("name"),
                        part.getJsonObject("input")));
                case "tool_result" -> parts.add(new MessageContent.ToolResult(part.getString("toolUseId"),
                        part.getString("content", ""), part.getBoolean("isError", false),
                        toolImagesFromJson(part.getJsonArray("images"), chatId)));
                default -> {
                }
            }
        }
        return parts;
    }

    public static JsonObject metadataToJson(MessageMetadata metadata) {
        JsonObjectBuilder json = Json.object();
        if (metadata.totalCostUsd() != null) {
            json.add("totalCostUsd", metadata.totalCostUsd());
        }
        if (metadata.inputTokens() != null) {
            json.add("inputTokens", metadata.inputTokens());
        }
        if (metadata.outputTokens() != null) {
            json.add("outputTokens", metadata.outputTokens());
        }
        if (metadata.cacheReadTokens() != null) {
            json.add("cacheReadTokens", metadata.cacheReadTokens());
        }
        if (metadata.cacheWriteTokens() != null) {
            json.add("cacheWriteTokens", metadata.cacheWriteTokens());
        }
        if (metadata.durationMs() != null) {
            json.add("durationMs", metadata.durationMs());
        }
        if (metadata.model() != null) {
            json.add("model", metadata.model());
        }
        if (metadata.stopReason() != null) {
            json.add("stopReason", metadata.stopReason());
        }
        if (metadata.errorCode() != null) {
            json.add("errorCode", metadata.errorCode());
        }
        if (metadata.sessionResumed() != null) {
            json.add("sessionResumed", metadata.sessionResumed());
        }
        return json.build();
    }

    public static MessageMetadata metadataFromJson(JsonObject json) {
        return new MessageMetadata(
                json.containsKey("totalCostUsd") ? json.getJsonNumber("totalCostUsd").doubleValue() : null,
                longOrNull(json, "inputTokens"),
                longOrNull(json, "outputTokens"),
                longOrNull(json, "cacheReadTokens"),
                longOrNull(json, "cacheWriteTokens"),
                longOrNull(json, "durationMs"),
                json.getString("model", null),
                json.getString("stopReason", null),
                json.getString("errorCode", null),
                json.containsKey("sessionResumed") ? json.getBoolean("sessionResumed") : null);
    }

    private static Long longOrNull(JsonObject json, String name) {
        JsonNumber number = json.getJsonNumber(name);
        return number == null ? null : number.longValue();
    }

    private static String stripDataUri(String imageData) {
        int comma = imageData.indexOf(',');
        return imageData.startsWith("data:") && comma > 0 ? imageData.substring(comma + 1) : imageData;
    }
}
