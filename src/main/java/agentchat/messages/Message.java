package agentchat.messages;

import java.time.Instant;
import java.util.List;

/** A stored message of a chat. {@code metadata} is empty for user messages. */
public record Message(String id,
                      String chatId,
                      Role role,
                      List<MessageContent> content,
                      Instant createdAt,
                      MessageMetadata metadata) {

    public Message {
        content = List.copyOf(content);
    }
}
