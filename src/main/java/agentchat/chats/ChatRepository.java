package agentchat.chats;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import agentchat.db.Database;
import agentchat.db.Page;
import agentchat.db.Rows;
import agentchat.http.Paging;
import agentchat.search.SearchText;
import io.helidon.dbclient.DbRow;

/** Chats in the database; method names mirror the statement names in {@code db.statements}. */
public final class ChatRepository {

    private final Database db;

    public ChatRepository(Database db) {
        this.db = db;
    }

    public Chat insert(String owner, String title, Instant now) {
        Chat chat = new Chat(UUID.randomUUID().toString(), owner, title, null, null, null, now, now);
        db.inTransaction(tx -> {
            tx.createNamedInsert("insert-chat")
                    .addParam("id", chat.id())
                    .addParam("owner", owner)
                    .addParam("title", title)
                    .addParam("searchTitle", SearchText.lower(title))
                    .addParam("now", now.toEpochMilli())
                    .execute();
            return tx.createNamedInsert("count-chat-created").addParam("owner", owner).execute();
        });
        return chat;
    }

    public Optional<Chat> findById(String id) {
        return db.execute().createNamedGet("select-chat-by-id").addParam("id", id).execute().map(ChatRepository::read);
    }

    /** Newest {@code updatedAt} first; {@code owner} null lists every chat. */
    public Page<Chat> list(String owner, Paging paging) {
        String suffix = owner == null ? "all" : "by-owner";
        // one connection for both statements (waiting for a connection once), and a page consistent with its total
        return db.inTransaction(tx -> {
            var query = tx.createNamedQuery("select-chats-" + suffix)
                    .addParam("limit", paging.limit())
                    .addParam("offset", paging.offset());
            var count = tx.createNamedGet("count-chats-" + suffix);
            if (owner != null) {
                query.addParam("owner", owner);
                count.addParam("owner", owner);
            }
            List<Chat> chats;
            try (Stream<DbRow> rows = query.execute()) {
                chats = rows.map(ChatRepository::read).toList();
            }
            long total = count.execute().map(row -> Rows.number(row, "total")).orElse(0L); // no row: no chat yet
            return new Page<>(chats, total);
        });
    }

    /** Applies the given changes, all or none; bumps updatedAt when there is any. */
    public void update(String id, ChatChanges changes, Instant now) {
        if (changes.isEmpty()) {
            return;
        }
        db.inTransaction(tx -> {
            changes.title().ifPresent(title -> tx.createNamedUpdate("update-chat-title")
                    .addParam("id", id)
                    .addParam("title", title)
                    .addParam("searchTitle", SearchText.lower(title))
                    .addParam("now", now.toEpochMilli())
                    .execute());
            changes.model().ifPresent(model -> tx.createNamedUpdate("update-chat-model")
                    .addParam("id", id)
                    .addParam("model", model.orElse(null))
                    .addParam("now", now.toEpochMilli())
                    .execute());
            changes.systemPrompt().ifPresent(prompt -> tx.createNamedUpdate("update-chat-system-prompt")
                    .addParam("id", id)
                    .addParam("systemPrompt", prompt.orElse(null))
                    .addParam("now", now.toEpochMilli())
                    .execute());
            return null;
        });
    }

    /** Deletes the chat, its messages and their chunks, and its attachments, and counts it gone, in one transaction. */
    public boolean delete(String id) {
        return db.inTransaction(tx -> {
            Optional<String> owner = tx.createNamedGet("select-chat-owner").addParam("id", id).execute()
                    .map(row -> Rows.string(row, "owner"));
            tx.createNamedDelete("delete-chunks-of-chat").addParam("chatId", id).execute();
            tx.createNamedDelete("delete-messages-of-chat").addParam("chatId", id).execute();
            tx.createNamedDelete("delete-attachments-of-chat").addParam("chatId", id).execute();
            // only the transaction that really deleted the row counts it (two deletes at once: one of them)
            boolean deleted = tx.createNamedDelete("delete-chat").addParam("id", id).execute() == 1;
            if (deleted && owner.isPresent()) {
                tx.createNamedUpdate("count-chat-deleted").addParam("owner", owner.get()).execute();
            }
            return deleted;
        });
    }

    /** Writes the search title of chats stored before there was one (migration V3); returns how many. */
    public int fillSearchTitles() {
        return db.inBatches("select-unsearchable-chats", (tx, row) -> tx.createNamedUpdate("update-chat-search-title")
                .addParam("id", Rows.string(row, "id"))
                .addParam("searchTitle", SearchText.lower(Rows.string(row, "title")))
                .execute());
    }

    static Chat read(DbRow row) {
        return new Chat(
                Rows.string(row, "id"),
                Rows.string(row, "owner"),
                Rows.string(row, "title"),
                Rows.string(row, "session_id"),
                Rows.string(row, "model"),
                Rows.string(row, "system_prompt"),
                Rows.instant(row, "created_at"),
                Rows.instant(row, "updated_at"));
    }
}
