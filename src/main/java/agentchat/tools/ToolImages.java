package agentchat.tools;

import agentchat.messages.MessageContent;

/**
 * Where the images a tool returns are kept: as attachments of the chat (stored once per chat by their
 * bytes), so that messages, events and exports refer to them by id and url instead of carrying them.
 */
@FunctionalInterface
public interface ToolImages {

    /** No place to keep images: every one is left out of the result with a note (for tools that return none). */
    ToolImages NONE = (chatId, mimeType, bytes) -> {
        throw new IllegalStateException("This server keeps no tool images");
    };

    /**
     * Stores the bytes as an attachment of the chat (or finds the identical one it has) and returns it,
     * without its bytes. Throws when they cannot be stored.
     */
    MessageContent.Image store(String chatId, String mimeType, byte[] bytes);
}
