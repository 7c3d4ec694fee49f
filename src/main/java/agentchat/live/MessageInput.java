package agentchat.live;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import agentchat.config.Limits;
import agentchat.json.Texts;
import agentchat.messages.MessageContent;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Validates the {@code content} of a {@code send_message}: a string (one text part) or an array of
 * text and image parts, within the configured limits. Throws {@link ClientError} naming what is wrong.
 */
final class MessageInput {

    static final int MAX_PARTS = 100;

    private final Limits limits;

    MessageInput(Limits limits) {
        this.limits = limits;
    }

    List<MessageContent> parse(JsonValue content) {
        if (content == null || content.getValueType() == JsonValue.ValueType.NULL) {
            throw ClientError.validation("content is required");
        }
        List<MessageContent> parts = switch (content.getValueType()) {
            case STRING -> List.of(new MessageContent.Text(((JsonString) content).getString()));
            case ARRAY -> parseParts(content.asJsonArray());
            default -> throw ClientError.validation("content must be a string or an array of content parts");
        };
        checkNotEmpty(parts);
        checkTextLength(parts);
        return parts;
    }

    private List<MessageContent> parseParts(List<JsonValue> array) {
        if (array.size() > MAX_PARTS) {
            throw ClientError.validation("content has more than " + MAX_PARTS + " parts");
        }
        List<MessageContent> parts = new ArrayList<>(array.size());
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

    private MessageContent.Image image(JsonObject part) {
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
        if (!limits.imageTypes().contains(mimeType)) {
            throw ClientError.validation("image type " + Texts.abbreviate(mimeType, 40) + " is not allowed; allowed: "
                    + String.join(", ", limits.imageTypes().stream().sorted().toList()));
        }
        String compact = base64.replaceAll("\\s", "");
        long maxEncoded = 4L * ((limits.imageBytes() + 2) / 3);
        if (compact.length() > maxEncoded) {
            throw ClientError.validation("image is larger than " + limits.imageBytes() + " bytes");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(compact);
        } catch (IllegalArgumentException e) {
            throw ClientError.validation("image data is not valid base64");
        }
        if (bytes.length == 0) {
            throw ClientError.validation("image is empty");
        }
        if (bytes.length > limits.imageBytes()) {
            throw ClientError.validation("image is larger than " + limits.imageBytes() + " bytes");
        }
        if (!ImageSignatures.matches(mimeType, bytes)) {
            throw ClientError.validation("image data is not a valid " + mimeType);
        }
        return new MessageContent.Image(mimeType, compact);
    }

    private static void checkNotEmpty(List<MessageContent> parts) {
        boolean hasSomething = parts.stream().anyMatch(part -> !(part instanceof MessageContent.Text text)
                || !text.text().isBlank());
        if (!hasSomething) {
            throw ClientError.validation("content is empty");
        }
    }

    private void checkTextLength(List<MessageContent> parts) {
        long chars = 0;
        for (MessageContent part : parts) {
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
