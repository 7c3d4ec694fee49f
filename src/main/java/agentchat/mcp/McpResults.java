package agentchat.mcp;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import agentchat.attachments.ImageSignatures;
import agentchat.tools.ToolOutput;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * An MCP tool result as the model gets it: text parts joined, images kept as images, what a model cannot take
 * (audio, binary resources) named in a short note. Images are checked here because a stored result is replayed
 * on every later turn: one the provider refuses would break the chat for good.
 */
final class McpResults {

    static final Set<String> IMAGE_TYPES = Set.of("image/png", "image/jpeg", "image/gif", "image/webp");
    /** Anthropic's limit per image. */
    static final int MAX_IMAGE_BYTES = 5 * 1024 * 1024;
    static final int MAX_IMAGES = 4;

    private McpResults() {
    }

    static ToolOutput toOutput(McpSchema.CallToolResult result, McpJsonMapper mapper) {
        List<String> texts = new ArrayList<>();
        List<ToolOutput.Image> images = new ArrayList<>();
        for (McpSchema.Content content : result.content() == null ? List.<McpSchema.Content>of() : result.content()) {
            switch (content) {
                case McpSchema.TextContent text -> texts.add(text.text() == null ? "" : text.text());
                case McpSchema.ImageContent image -> addImage(image.mimeType(), image.data(), texts, images);
                case McpSchema.AudioContent audio -> texts.add("[audio (" + audio.mimeType() + ") left out: "
                        + "only text and images reach the model]");
                case McpSchema.EmbeddedResource embedded -> addResource(embedded.resource(), texts, images);
                case McpSchema.ResourceLink link -> texts.add("[resource link: " + link.name() + " " + link.uri() + "]");
                default -> texts.add("[" + content.type() + " content left out]");
            }
        }
        if (texts.isEmpty() && images.isEmpty() && result.structuredContent() != null) {
            texts.add(json(result.structuredContent(), mapper));
        }
        return new ToolOutput(String.join("\n", texts), images, Boolean.TRUE.equals(result.isError()));
    }

    private static void addResource(McpSchema.ResourceContents resource, List<String> texts, List<ToolOutput.Image> images) {
        switch (resource) {
            case McpSchema.TextResourceContents text -> texts.add("[resource " + text.uri() + "]\n" + text.text());
            case McpSchema.BlobResourceContents blob when blob.mimeType() != null
                    && blob.mimeType().toLowerCase(Locale.ROOT).startsWith("image/") ->
                    addImage(blob.mimeType(), blob.blob(), texts, images);
            default -> texts.add("[resource " + resource.uri() + " (" + resource.mimeType() + ") left out: binary]");
        }
    }

    private static void addImage(String mimeType, String base64, List<String> texts, List<ToolOutput.Image> images) {
        String type = mimeType == null ? "" : mimeType.toLowerCase(Locale.ROOT).strip();
        if (!IMAGE_TYPES.contains(type)) {
            texts.add("[image (" + mimeType + ") left out: only PNG, JPEG, GIF and WebP reach the model]");
            return;
        }
        if (images.size() >= MAX_IMAGES) {
            texts.add("[image left out: at most " + MAX_IMAGES + " images per result]");
            return;
        }
        byte[] bytes;
        try {
            bytes = Base64.getMimeDecoder().decode(base64 == null ? "" : base64);
        } catch (IllegalArgumentException e) {
            texts.add("[image left out: its data is not valid base64]");
            return;
        }
        if (bytes.length > MAX_IMAGE_BYTES) {
            texts.add("[image of " + bytes.length + " bytes left out: the limit is " + MAX_IMAGE_BYTES + "]");
        } else if (bytes.length == 0 || !ImageSignatures.matches(type, bytes)) {
            texts.add("[image left out: its bytes are not " + type + "]");
        } else {
            images.add(new ToolOutput.Image(type, bytes));
        }
    }

    private static String json(Object value, McpJsonMapper mapper) {
        try {
            return mapper.writeValueAsString(value);
        } catch (IOException e) {
            return String.valueOf(value);
        }
    }
}
