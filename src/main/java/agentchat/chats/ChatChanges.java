package agentchat.chats;

import java.util.Optional;

/**
 * What a PATCH of a chat asks to change. An empty Optional leaves that field as it is; for
 * {@code model} and {@code systemPrompt} an empty inner Optional sets the field back to null, the
 * server's default.
 */
public record ChatChanges(Optional<String> title, Optional<Optional<String>> model,
                          Optional<Optional<String>> systemPrompt) {

    public static final ChatChanges NONE = new ChatChanges(Optional.empty(), Optional.empty(), Optional.empty());

    public boolean isEmpty() {
        return title.isEmpty() && model.isEmpty() && systemPrompt.isEmpty();
    }
}
