package agentchat.messages;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import agentchat.db.Database;
import agentchat.db.Rows;
import agentchat.json.Json;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

/**
 * Rewrites of a chat's stored conversation, for {@code regenerate} and {@code edit_message}: where
 * a message stands, a user message's new content, and the deletion of everything after a message
 * (with its chunks and the attachments only it used), each in one transaction.
 */
public final class MessageRewrites {

    private final Database db;

    public MessageRewrites(Database db) {
        this.db = db;
    }

    /** Where a message stands in its chat. {@code finished} is false while it is being generated. */
    public record Position(String id, Role role, long seq, boolean finished) {
    }

    public Optional<Position> position(String chatId, String messageId) {
        return db.execute().createNamedGet("select-message-position")
                .addParam("id", messageId)
                .addParam("chatId", chatId)
                .execute()
                .map(MessageRewrites::position);
    }

    /** The chat's last finished user message. */
    public Optional<Position> lastUserMessage(String chatId) {
        return db.execute().createNamedGet("select-last-user-message").addParam("chatId", chatId).execute()
                .map(MessageRewrites::position);
    }

    /**
     * Deletes every message after position {@code seq}, with their chunks and the attachments only
     * they used, in one transaction; returns their ids.
     */
    public List<String> deleteAfter(String chatId, long seq) {
        return db.inTransaction(tx -> deleteAfter(tx, chatId, seq, Set.of()));
    }

    /** @param released attachments that lose a reference besides those of the deleted messages */
    private static List<String> deleteAfter(DbExecute tx, String chatId, long seq, Set<String> released) {
        List<String> ids = new ArrayList<>();
        Set<String> attachmentIds = new HashSet<>(released);
        try (Stream<DbRow> rows = tx.createNamedQuery("select-messages-after")
                .addParam("chatId", chatId)
                .addParam("seq", seq)
                .execute()) {
            rows.forEach(row -> {
                ids.add(Rows.string(row, "id"));
                attachmentIds.addAll(attachmentIdsOf(Json.parseArray(Rows.string(row, "content"))));
            });
        }
        if (!ids.isEmpty()) {
            tx.createNamedDelete("delete-chunks-after").addParam("chatId", chatId).addParam("seq", seq).execute();
            tx.createNamedDelete("delete-messages-after").addParam("chatId", chatId).addParam("seq", seq).execute();
        }
        for (String attachmentId : attachmentIds) {
            long uses = tx.createNamedGet("count-messages-using-attachment")
                    .addParam("chatId", chatId)
                    .addParam("pattern", "%\"attachmentId\":\"" + attachmentId + "\"%")
                    .execute()
                    .map(row -> Rows.number(row, "total"))
                    .orElse(0L);
            if (uses == 0) {
                tx.createNamedDelete("delete-attachment").addParam("chatId", chatId).addParam("id", attachmentId).execute();
            }
        }
        return ids;
    }

    /** The attachments a stored content array refers to: its image parts and the images of its tool results. */
    private static Set<String> attachmentIdsOf(JsonArray content) {
        Set<String> ids = new HashSet<>();
        for (JsonObject part : content.getValuesAs(JsonObject.class)) {
            switch (part.getString("type", "")) {
                case "image" -> addAttachmentId(part, ids);
                case "tool_result" -> {
                    if (part.get("images") instanceof JsonArray images) {
                        images.getValuesAs(JsonObject.class).forEach(image -> addAttachmentId(image, ids));
                    }
                }
                default -> {
                }
            }
        }
        return ids;
    }

    private static void addAttachmentId(JsonObject image, Set<String> ids) {
        if (image.containsKey("attachmentId")) {
            ids.add(image.getString("attachmentId"));
        }
    }

    /** A user message with new content, and the ids of the messages after it that were deleted. */
    public record Replaced(Message message, List<String> deletedIds) {
    }

    /**
     * Gives a user message new content and deletes every message after it, in one transaction: the
     * conversation then ends with that message. The message keeps its id, place and time; images it
     * no longer holds are deleted when no other message uses them.
     */
    public Replaced replaceUserMessage(String chatId, Position position, List<MessageContent> content, Instant now) {
        SearchCopies search = SearchCopies.of(content, db.isMariaDb());
        JsonArray stored = MessageJson.contentForStorage(content);
        return db.inTransaction(tx -> {
            Set<String> released = tx.createNamedGet("select-message-content").addParam("id", position.id()).execute()
                    .map(row -> attachmentIdsOf(Json.parseArray(Rows.string(row, "content"))))
                    .orElse(Set.of());
            tx.createNamedUpdate("update-message-content")
                    .addParam("id", position.id())
                    .addParam("content", Json.write(stored))
                    .addParam("searchText", search.text())
                    .addParam("searchTerms", search.terms())
                    .addParam("now", now.toEpochMilli())
                    .execute();
            List<String> deleted = deleteAfter(tx, chatId, position.seq(), released);
            Message message = tx.createNamedGet("select-message-by-id").addParam("id", position.id()).execute()
                    .map(MessageRepository::read)
                    .orElseThrow();
            return new Replaced(message, deleted);
        });
    }

    private static Position position(DbRow row) {
        return new Position(Rows.string(row, "id"), Role.fromWire(Rows.string(row, "role")), Rows.number(row, "seq"),
                MessageRepository.COMPLETE.equals(Rows.string(row, "status")));
    }

}
