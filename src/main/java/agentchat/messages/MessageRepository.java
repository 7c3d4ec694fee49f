package agentchat.messages;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import agentchat.db.Database;
import agentchat.db.Page;
import agentchat.db.Rows;
import agentchat.http.Paging;
import agentchat.json.Json;
import agentchat.search.SearchText;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;

/**
 * Messages in the database. A user message is stored whole. An assistant message is inserted as
 * "streaming" when its turn starts, grows by appended chunks while it streams, and is completed
 * (content assembled, chunks dropped) when the turn ends.
 */
public final class MessageRepository {

    static final String COMPLETE = "complete";
    static final String STREAMING = "streaming";

    private final Database db;

    public MessageRepository(Database db) {
        this.db = db;
    }

    public Message insertUserMessage(String id, String chatId, List<MessageContent> content, Instant now) {
        Message message = new Message(id, chatId, Role.USER, content, now, MessageMetadata.EMPTY);
        insert(message, COMPLETE, null, null);
        return message;
    }

    /** Inserts the assistant message of a turn that is starting; it is invisible to REST until completed. */
    public void insertStreaming(String id, String chatId, Instant now) {
        insert(new Message(id, chatId, Role.ASSISTANT, List.of(), now, MessageMetadata.EMPTY), STREAMING, null, null);
    }

    private void insert(Message message, String status, String metadataJson, String stopReason) {
        SearchCopies search = status.equals(COMPLETE) ? searchCopies(message.content()) : SearchCopies.NONE;
        db.inTransaction(tx -> {
            long updated = tx.createNamedUpdate("increment-chat-seq")
                    .addParam("id", message.chatId())
                    .addParam("now", message.createdAt().toEpochMilli())
                    .execute();
            if (updated != 1) {
                throw new IllegalStateException("Chat " + message.chatId() + " no longer exists");
            }
            long seq = tx.createNamedGet("select-chat-seq").addParam("id", message.chatId()).execute()
                    .map(row -> Rows.number(row, "last_seq"))
                    .orElseThrow();
            return tx.createNamedInsert("insert-message")
                    .addParam("id", message.id())
                    .addParam("chatId", message.chatId())
                    .addParam("seq", seq)
                    .addParam("role", message.role().wire())
                    .addParam("content", Json.write(MessageJson.contentToJson(message.content())))
                    .addParam("searchText", search.text())
                    .addParam("searchTerms", search.terms())
                    .addParam("metadata", metadataJson)
                    .addParam("status", status)
                    .addParam("stopReason", stopReason)
                    .addParam("now", message.createdAt().toEpochMilli())
                    .execute();
        });
    }

    /** Appends one piece of a streaming message; chunk numbers start at 0 and increase by one. */
    public void appendChunk(String messageId, int chunkNo, StreamedContent.Chunk chunk) {
        db.execute().createNamedInsert("insert-message-chunk")
                .addParam("messageId", messageId)
                .addParam("chunkNo", chunkNo)
                .addParam("kind", chunk.kind())
                .addParam("body", chunk.body())
                .execute();
    }

    /** Stores the final content and metadata and drops the message's chunks, in one transaction. */
    public void complete(String messageId, List<MessageContent> content, MessageMetadata metadata, Instant now) {
        db.inTransaction(tx -> {
            complete(tx, messageId, content, metadata, now);
            return null;
        });
    }

    private void complete(DbExecute tx, String messageId, List<MessageContent> content,
                          MessageMetadata metadata, Instant now) {
        SearchCopies search = searchCopies(content);
        tx.createNamedUpdate("complete-message")
                .addParam("id", messageId)
                .addParam("content", Json.write(MessageJson.contentToJson(content)))
                .addParam("searchText", search.text())
                .addParam("searchTerms", search.terms())
                .addParam("metadata", Json.write(MessageJson.metadataToJson(metadata)))
                .addParam("stopReason", metadata.stopReason())
                .addParam("status", COMPLETE)
                .addParam("now", now.toEpochMilli())
                .execute();
        tx.createNamedDelete("delete-chunks-of-message").addParam("messageId", messageId).execute();
    }

    public Optional<Message> findById(String id) {
        return db.execute().createNamedGet("select-message-by-id").addParam("id", id).execute()
                .map(MessageRepository::read);
    }

    /** Finished messages of a chat, oldest first. */
    public Page<Message> list(String chatId, Paging paging) {
        List<Message> messages;
        try (Stream<DbRow> rows = db.execute().createNamedQuery("select-messages-of-chat")
                .addParam("chatId", chatId)
                .addParam("limit", paging.limit())
                .addParam("offset", paging.offset())
                .execute()) {
            messages = rows.map(MessageRepository::read).toList();
        }
        long total = db.execute().createNamedGet("count-messages-of-chat").addParam("chatId", chatId).execute()
                .map(row -> Rows.number(row, "total"))
                .orElse(0L);
        return new Page<>(messages, total);
    }

    /** Finished messages of a chat after position {@code afterSeq}, oldest first, and the position of the last. */
    public record Batch(List<Message> messages, long lastSeq) {
    }

    /**
     * Up to {@code limit} finished messages after {@code afterSeq} (start with 0): for reading a whole
     * chat a batch at a time, in a stable order, without holding a connection between batches.
     */
    public Batch after(String chatId, long afterSeq, int limit) {
        List<DbRow> rows;
        try (Stream<DbRow> stream = db.execute().createNamedQuery("select-messages-of-chat-after")
                .addParam("chatId", chatId)
                .addParam("afterSeq", afterSeq)
                .addParam("limit", limit)
                .execute()) {
            rows = stream.toList();
        }
        long lastSeq = rows.isEmpty() ? afterSeq : Rows.number(rows.getLast(), "seq");
        return new Batch(rows.stream().map(MessageRepository::read).toList(), lastSeq);
    }

    /** Every finished message of a chat, oldest first: the conversation sent to the model. */
    public List<Message> history(String chatId) {
        try (Stream<DbRow> rows = db.execute().createNamedQuery("select-history-of-chat")
                .addParam("chatId", chatId)
                .execute()) {
            return rows.map(MessageRepository::read).toList();
        }
    }

    /** The text of the chat's first user message that has any, for an automatic title. */
    public Optional<String> firstUserText(String chatId) {
        try (Stream<DbRow> rows = db.execute().createNamedQuery("select-user-contents-of-chat")
                .addParam("chatId", chatId)
                .execute()) {
            return rows.map(row -> MessageJson.contentFromJson(Json.parseArray(Rows.string(row, "content"))))
                    .flatMap(List::stream)
                    .filter(part -> part instanceof MessageContent.Text text && !text.text().isBlank())
                    .map(part -> ((MessageContent.Text) part).text())
                    .findFirst();
        }
    }

    /** Where a message stands in its chat. {@code finished} is false while it is being generated. */
    public record Position(String id, Role role, long seq, boolean finished) {
    }

    public Optional<Position> position(String chatId, String messageId) {
        return db.execute().createNamedGet("select-message-position")
                .addParam("id", messageId)
                .addParam("chatId", chatId)
                .execute()
                .map(MessageRepository::position);
    }

    /** The chat's last finished user message. */
    public Optional<Position> lastUserMessage(String chatId) {
        return db.execute().createNamedGet("select-last-user-message").addParam("chatId", chatId).execute()
                .map(MessageRepository::position);
    }

    /** Deletes every message after position {@code seq} (and their chunks) in one transaction; returns their ids. */
    public List<String> deleteAfter(String chatId, long seq) {
        return db.inTransaction(tx -> deleteAfter(tx, chatId, seq));
    }

    private static List<String> deleteAfter(DbExecute tx, String chatId, long seq) {
        List<String> ids;
        try (Stream<DbRow> rows = tx.createNamedQuery("select-message-ids-after")
                .addParam("chatId", chatId)
                .addParam("seq", seq)
                .execute()) {
            ids = rows.map(row -> Rows.string(row, "id")).toList();
        }
        if (!ids.isEmpty()) {
            tx.createNamedDelete("delete-chunks-after").addParam("chatId", chatId).addParam("seq", seq).execute();
            tx.createNamedDelete("delete-messages-after").addParam("chatId", chatId).addParam("seq", seq).execute();
        }
        return ids;
    }

    /** A user message with new content, and the ids of the messages after it that were deleted. */
    public record Replaced(Message message, List<String> deletedIds) {
    }

    /**
     * Gives a user message new content and deletes every message after it, in one transaction: the
     * conversation then ends with that message. The message keeps its id, place and time.
     */
    public Replaced replaceUserMessage(String chatId, Position position, List<MessageContent> content, Instant now) {
        SearchCopies search = searchCopies(content);
        return db.inTransaction(tx -> {
            tx.createNamedUpdate("update-message-content")
                    .addParam("id", position.id())
                    .addParam("content", Json.write(MessageJson.contentToJson(content)))
                    .addParam("searchText", search.text())
                    .addParam("searchTerms", search.terms())
                    .addParam("now", now.toEpochMilli())
                    .execute();
            List<String> deleted = deleteAfter(tx, chatId, position.seq());
            Message message = tx.createNamedGet("select-message-by-id").addParam("id", position.id()).execute()
                    .map(MessageRepository::read)
                    .orElseThrow();
            return new Replaced(message, deleted);
        });
    }

    private static Position position(DbRow row) {
        return new Position(Rows.string(row, "id"), Role.fromWire(Rows.string(row, "role")), Rows.number(row, "seq"),
                COMPLETE.equals(Rows.string(row, "status")));
    }

    /**
     * Completes every message left streaming by a previous run (a crash or kill) from its stored
     * chunks, with stop reason "interrupted". Returns how many there were.
     */
    public int recoverInterrupted(Instant now) {
        List<String> ids;
        try (Stream<DbRow> rows = db.execute().createNamedQuery("select-streaming-message-ids").execute()) {
            ids = rows.map(row -> Rows.string(row, "id")).toList();
        }
        for (String id : ids) {
            db.inTransaction(tx -> {
                List<StreamedContent.Chunk> chunks;
                try (Stream<DbRow> rows = tx.createNamedQuery("select-chunks-of-message")
                        .addParam("messageId", id).execute()) {
                    chunks = rows.map(row -> new StreamedContent.Chunk(Rows.string(row, "kind"),
                            Rows.string(row, "body"))).toList();
                }
                MessageMetadata metadata = MessageMetadata.EMPTY.withStopReason("interrupted");
                complete(tx, id, StreamedContent.assemble(chunks), metadata, now);
                return null;
            });
        }
        return ids.size();
    }

    /**
     * Writes the search copies of finished messages stored before there were any (migration V3), a
     * batch at a time. Returns how many were written.
     */
    public int fillSearchCopies() {
        int filled = 0;
        String after = "";
        // one transaction per batch: a commit per row would make a big table take minutes on MariaDB
        while (true) {
            List<DbRow> batch;
            try (Stream<DbRow> rows = db.execute().createNamedQuery("select-unsearchable-messages")
                    .addParam("after", after)
                    .addParam("limit", 500)
                    .execute()) {
                batch = rows.toList();
            }
            if (batch.isEmpty()) {
                return filled;
            }
            db.inTransaction(tx -> {
                for (DbRow row : batch) {
                    List<MessageContent> content = MessageJson.contentFromJson(Json.parseArray(Rows.string(row, "content")));
                    SearchCopies search = searchCopies(content);
                    tx.createNamedUpdate("update-message-search")
                            .addParam("id", Rows.string(row, "id"))
                            .addParam("searchText", search.text())
                            .addParam("searchTerms", search.terms())
                            .execute();
                }
                return null;
            });
            after = Rows.string(batch.getLast(), "id");
            filled += batch.size();
        }
    }

    /**
     * What search reads of a message: its text parts, lower-cased ({@code ''} when it has none), and
     * on MariaDB the FULLTEXT terms of that text (see {@link SearchText}).
     */
    record SearchCopies(String text, String terms) {
        static final SearchCopies NONE = new SearchCopies(null, null);
    }

    private SearchCopies searchCopies(List<MessageContent> content) {
        String text = SearchText.lower(textOf(content));
        return new SearchCopies(text, db.isMariaDb() ? SearchText.terms(text) : null);
    }

    /** The text parts of a message, one after the other. */
    public static String textOf(List<MessageContent> content) {
        return content.stream()
                .filter(part -> part instanceof MessageContent.Text)
                .map(part -> ((MessageContent.Text) part).text())
                .collect(Collectors.joining("\n"));
    }

    static Message read(DbRow row) {
        String metadata = Rows.string(row, "metadata");
        return new Message(
                Rows.string(row, "id"),
                Rows.string(row, "chat_id"),
                Role.fromWire(Rows.string(row, "role")),
                MessageJson.contentFromJson(Json.parseArray(Rows.string(row, "content"))),
                Rows.instant(row, "created_at"),
                metadata == null ? MessageMetadata.EMPTY : MessageJson.metadataFromJson(Json.parseObject(metadata)));
    }
}
