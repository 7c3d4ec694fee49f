package agentchat.messages;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import agentchat.attachments.AttachmentRepository;

/**
 * The bytes of a message's images — its image parts and the images of its tool results — read from
 * the chat's attachments, each attachment once per message.
 */
final class ImageBytes {

    /** What the model gets in place of an image whose bytes are gone. */
    private static final String IMAGE_GONE = "[an image that is no longer stored]";

    private final AttachmentRepository attachments;

    ImageBytes(AttachmentRepository attachments) {
        this.attachments = attachments;
    }

    /**
     * The message with the bytes of its images loaded. An image whose bytes are gone (which only a
     * hand-edited database can cause) stays without them, or with {@code forModel} is replaced by a
     * note saying so, since a model request cannot carry an image without its bytes.
     */
    Message load(Message message, boolean forModel) {
        if (message.content().stream().noneMatch(ImageBytes::hasImages)) {
            return message;
        }
        Map<String, Optional<String>> loaded = new HashMap<>();
        List<MessageContent> content = new ArrayList<>(message.content().size());
        for (MessageContent part : message.content()) {
            switch (part) {
                case MessageContent.Image image -> {
                    Optional<MessageContent.Image> withData = withData(message.chatId(), image, loaded);
                    content.add(withData.isPresent() ? withData.get() : forModel ? new MessageContent.Text(IMAGE_GONE) : image);
                }
                case MessageContent.ToolResult result when !result.images().isEmpty() -> {
                    List<MessageContent.Image> images = new ArrayList<>(result.images().size());
                    List<String> text = new ArrayList<>();
                    if (!result.content().isEmpty()) {
                        text.add(result.content());
                    }
                    for (MessageContent.Image image : result.images()) {
                        Optional<MessageContent.Image> withData = withData(message.chatId(), image, loaded);
                        if (withData.isPresent()) {
                            images.add(withData.get());
                        } else if (forModel) {
                            text.add(IMAGE_GONE);
                        } else {
                            images.add(image);
                        }
                    }
                    content.add(new MessageContent.ToolResult(result.toolUseId(), String.join("\n", text),
                            result.isError(), images));
                }
                default -> content.add(part);
            }
        }
        return new Message(message.id(), message.chatId(), message.role(), content, message.createdAt(),
                message.metadata());
    }

    /** The image with its bytes (an inline one has them already); empty when they are gone. */
    private Optional<MessageContent.Image> withData(String chatId, MessageContent.Image image,
                                                    Map<String, Optional<String>> loaded) {
        if (image.hasData()) {
            return Optional.of(image);
        }
        return loaded.computeIfAbsent(image.attachmentId(), id -> attachments.data(chatId, id)
                        .map(bytes -> Base64.getEncoder().encodeToString(bytes)))
                .map(image::withData);
    }

    private static boolean hasImages(MessageContent part) {
        return part instanceof MessageContent.Image
                || part instanceof MessageContent.ToolResult result && !result.images().isEmpty();
    }
}
