package agentchat.attachments;

import java.time.Instant;

import agentchat.messages.MessageContent;

/** An image stored for a chat; its bytes live beside it in the database and are read separately. */
public record Attachment(String id, String chatId, String mimeType, long size, String sha256, Instant createdAt) {

    /** Where clients fetch its bytes (with their key). */
    public String url() {
        return MessageContent.Image.urlOf(chatId, id);
    }

    /** As a message's image part (without its bytes). */
    public MessageContent.Image asImage() {
        return MessageContent.Image.of(chatId, id, mimeType);
    }
}
