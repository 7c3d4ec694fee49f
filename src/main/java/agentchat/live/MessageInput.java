package agentchat.live;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import agentchat.attachments.Attachment;
import agentchat.attachments.Attachments;
import agentchat.attachments.RejectedImage;
import agentchat.config.Limits;
import agentchat.http.DatabaseUnavailableException;
import agentchat.json.Texts;
import agentchat.messages.MessageContent;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Validates the {@code content} of a {@code send_message}: a string (one text part) or an array of
 * text and image parts, within the configured limits. An image is either an attachment of the chat
 * ({@code attachmentId}) or inline ({@code imageData}), which is stored as an attachment of the chat
 * once the whole message is valid. Throws {@link ClientError} naming what is wrong.
 */
final class MessageInput {

    static final int MAX_PARTS = 100;

    /** An image part as sent, before it is resolved to an attachment. */
    private sealed interface ImageInput permits Inline, Reference {
    }

    private record Inline(String mimeType, String base64, byte[] bytes) implements ImageInput {
    }

    private record Reference(String attachmentId) implements ImageInput {
    }

    private final Limits limits;
    private final Attachments attachments;

    MessageInput(Limits limits, Attachments attachments) {
        this.limits = limits;
        this.attachments = attachments;
    }

    /** The message's content, its images as attachments of the chat with their bytes (for user_message_stored). */
    List<MessageContent> parse(String chatId, JsonValue content) {
        if (content == null || content.getValueType() == JsonValue.ValueType.NULL) {
            throw ClientError.validation("content is required");
        }
        List<Object> parts = switch (content.getValueType()) {
            case STRING -> List.of(new MessageContent.Text(((JsonString) content).getString()));
            case ARRAY -> parseParts(content.asJsonArray());
            default -> throw ClientError.validation("content must be a string or an array of content parts");
        };
        checkNotEmpty(parts);
        checkTextLength(parts);
        try {
            Map<String, Attachment> referenced = referencedAttachments(chatId, parts);
            checkImageBytes(parts, referenced);
            Map<String, String> read = new HashMap<>(); // an attachment used twice is read once
            return parts.stream().map(part -> switch (part) {
                case Inline inline -> attachments.store(chatId, inline.mimeType(), inline.bytes()).attachment().asImage()
                        .withData(inline.base64());
                case Reference reference -> {
                    Attachment attachment = referenced.get(reference.attachmentId());
                    yield attachment.asImage().withData(read.computeIfAbsent(attachment.id(), id -> base64Of(chatId, id)));
                }
                default -> (MessageContent) part;
            }).toList();
        } catch (RuntimeException e) {
            if (DatabaseUnavailableException.isCause(e)) {
                throw new ClientError("DATABASE_UNAVAILABLE", "The database is unavailable; the message was not stored");
            }
            throw e;
        }
    }

    /** The attachments the message refers to, by id; an id that is not one of this chat's is NOT_FOUND. */
    private Map<String, Attachment> referencedAttachments(String chatId, List<Object> parts) {
        Map<String, Attachment> referenced = new HashMap<>();
        for (Object part : parts) {
            if (part instanceof Reference(String attachmentId) && !referenced.containsKey(attachmentId)) {
                referenced.put(attachmentId, attachments.find(chatId, attachmentId)
                        .orElseThrow(() -> new ClientError("NOT_FOUND", "Attachment "
                                + Texts.abbreviate(attachmentId, 40) + " not found in this chat")));
            }
        }
        return referenced;
    }

    private void checkImageBytes(List<Object> parts, Map<String, Attachment> referenced) {
        long total = 0;
        for (Object part : parts) {
            total += switch (part) {
                case Inline inline -> inline.bytes().length;
                case Reference reference -> referenced.get(reference.attachmentId()).size();
                default -> 0;
            };
        }
        if (total > limits.messageImageBytes()) {
            throw ClientError.validation("the images of one message are larger than " + limits.messageImageBytes()
                    + " bytes together");
        }
    }

    private String base64Of(String chatId, String attachmentId) {
        byte[] bytes = attachments.data(chatId, attachmentId)
                .orElseThrow(() -> new ClientError("NOT_FOUND", "Attachment " + attachmentId + " not found"));
        return Base64.getEncoder().encodeToString(bytes);
    }

    private List<Object> parseParts(List<JsonValue> array) {
        if (array.size() > MAX_PARTS) {
            throw ClientError.validation("content has more than " + MAX_PARTS + " parts");
        }
        List<Object> parts = new ArrayList<>(array.size());
        for (JsonValue value : array) {
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw ClientError.validation("each content part must be an object");
            }
            JsonObject part = value.asJsonObject();
            String type = stringField(part, "type");
            parts.add(switch (type) {
                case "text" -> new MessageContent.Text(stringField(part, "text"));
                case "image" -> image(part);
                default -> throw ClientError.validation("content part type must be text or image, not " + Texts.abbreviate(type, 40));
            });
        }
        return parts;
    }

    /** An attachment id wins over anything else the part says (a client may echo a stored part back). */
    private ImageInput image(JsonObject part) {
        if (part.containsKey("attachmentId")) {
            return new Reference(stringField(part, "attachmentId"));
        }
        if (!part.containsKey("imageData")) {
            throw ClientError.validation("an image part needs attachmentId (an uploaded attachment) or imageData");
        }
        String imageData = stringField(part, "imageData");
        String declared = part.containsKey("mimeType") ? stringField(part, "mimeType").trim().toLowerCase() : null;
        String base64 = imageData;
        String uriType = null;
        if (imageData.startsWith("data:")) {
            int comma = imageData.indexOf(',');
            String header = comma < 0 ? "" : imageData.substring(5, comma);
            if (comma < 0 || !header.endsWith(";base64")) {
                throw ClientError.validation("imageData must be a base64 data: URI or plain base64");
            }
            uriType = header.substring(0, header.length() - ";base64".length()).trim().toLowerCase();
            base64 = imageData.substring(comma + 1);
        }
        String mimeType = declared != null ? declared : uriType;
        if (mimeType == null) {
            throw ClientError.validation("mimeType is required for plain base64 image data");
        }
        if (uriType != null && declared != null && !uriType.equals(declared)) {
            throw ClientError.validation("mimeType " + Texts.abbreviate(declared, 40) + " does not match the data: URI type");
        }
        String compact = hasWhitespace(base64) ? base64.replaceAll("\\s", "") : base64; // line-wrapped base64 is fine too
        try {
            attachments.checkType(mimeType);
            if (compact.length() > 4L * ((limits.imageBytes() + 2) / 3)) {
                throw ClientError.validation("image is larger than " + limits.imageBytes() + " bytes");
            }
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(compact);
            } catch (IllegalArgumentException e) {
                throw ClientError.validation("image data is not valid base64");
            }
            attachments.check(mimeType, bytes);
            return new Inline(mimeType, compact, bytes);
        } catch (RejectedImage e) {
            throw ClientError.validation(e.getMessage());
        }
    }

    /** The characters of regex {@code \s}, each found by a vectorized indexOf: megabytes of base64 in a millisecond or two. */
    private static boolean hasWhitespace(String text) {
        for (char c : new char[] {' ', '\t', '\n', '\u000B', '\f', '\r'}) {
            if (text.indexOf(c) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static void checkNotEmpty(List<Object> parts) {
        boolean hasSomething = parts.stream().anyMatch(part -> !(part instanceof MessageContent.Text text)
                || !text.text().isBlank());
        if (!hasSomething) {
            throw ClientError.validation("content is empty");
        }
    }

    private void checkTextLength(List<Object> parts) {
        long chars = 0;
        for (Object part : parts) {
            if (part instanceof MessageContent.Text text) {
                if (!Texts.isStorable(text.text())) {
                    throw ClientError.validation("text must be valid Unicode without NUL characters");
                }
                chars += text.text().codePointCount(0, text.text().length());
            }
        }
        if (chars > limits.textChars()) {
            throw ClientError.validation("text is longer than " + limits.textChars() + " characters");
        }
    }

    private static String stringField(JsonObject object, String name) {
        JsonValue value = object.get(name);
        if (value == null || value.getValueType() != JsonValue.ValueType.STRING) {
            throw ClientError.validation(name + " must be a string");
        }
        return ((JsonString) value).getString();
    }

}
