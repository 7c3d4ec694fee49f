package agentchat.messages;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import agentchat.attachments.AttachmentRepository;
import agentchat.chats.Chat;
import agentchat.db.Database;
import agentchat.db.Page;
import agentchat.db.Rows;
import agentchat.http.Paging;
import agentchat.json.Json;
import agentchat.search.SearchText;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;

/**
 * Messages in the database. A user message is stored whole, its images by attachment id. An
 * assistant message is inserted as "streaming" when its turn starts, grows by appended chunks
 * while it streams, and is completed (content assembled, chunks dropped) when the turn ends.
 */
public final class MessageRepository {

    static final String COMPLETE = "complete";
    static final String STREAMING = "streaming";

    private final Database db;
    private final ImageBytes imageBytes;

    public MessageRepository(Database db, AttachmentRepository attachments) {
        this.db = db;
        this.imageBytes = new ImageBytes(attachments);
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
        SearchCopies search = status.equals(COMPLETE) ? SearchCopies.of(message.content(), db.isMariaDb()) : SearchCopies.NONE;
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
                    .addParam("content", Json.write(MessageJson.contentForStorage(message.content())))
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

    /**
     * Stores the final content and metadata and drops the message's chunks, in one transaction, if
     * the message is still streaming. False when it is not (another instance ended it, or it is gone).
     */
    public boolean complete(String messageId, List<MessageContent> content, MessageMetadata metadata, Instant now) {
        return db.inTransaction(tx -> complete(tx, messageId, content, metadata, now, true));
    }

    /** What a finished turn changes in its chat: the session id (null keeps the chat's) and a title if it has none. */
    public record ChatAfterTurn(String chatId, String sessionId, String title) {
    }

    /**
     * Ends a turn in one transaction: completes the assistant message (as {@link #complete}; its chunks are
     * deleted only when {@code chunksWritten}) and records the turn in its chat. False when the message
     * was no longer streaming; then the chat is left as it is.
     */
    public boolean completeTurn(String messageId, List<MessageContent> content, MessageMetadata metadata, Instant now,
                                boolean chunksWritten, ChatAfterTurn chat) {
        return db.inTransaction(tx -> {
            if (!complete(tx, messageId, content, metadata, now, chunksWritten)) {
                return false;
            }
            recordTurn(tx, chat, now);
            return true;
        });
    }

    /** Records a turn that produced no assistant message (no agent configured). */
    public void recordTurn(ChatAfterTurn chat, Instant now) {
        recordTurn(db.execute(), chat, now);
    }

    private static void recordTurn(DbExecute tx, ChatAfterTurn chat, Instant now) {
        tx.createNamedUpdate("update-chat-after-turn")
                .addParam("id", chat.chatId())
                .addParam("sessionId", chat.sessionId())
                .addParam("title", chat.title())
                .addParam("searchTitle", chat.title() == null ? null : SearchText.lower(chat.title()))
                .addParam("defaultTitle", Chat.DEFAULT_TITLE)
                .addParam("now", now.toEpochMilli())
                .execute();
    }

    private boolean complete(DbExecute tx, String messageId, List<MessageContent> content,
                             MessageMetadata metadata, Instant now, boolean deleteChunks) {
        SearchCopies search = SearchCopies.of(content, db.isMariaDb());
        long updated = tx.createNamedUpdate("complete-message")
                .addParam("id", messageId)
                .addParam("content", Json.write(MessageJson.contentForStorage(content)))
                .addParam("searchText", search.text())
                .addParam("searchTerms", search.terms())
                .addParam("metadata", Json.write(MessageJson.metadataToJson(metadata)))
                .addParam("stopReason", metadata.stopReason())
                .addParam("status", COMPLETE)
                .addParam("now", now.toEpochMilli())
                .execute();
        if (deleteChunks) {
            tx.createNamedDelete("delete-chunks-of-message").addParam("messageId", messageId).execute();
        }
        return updated == 1;
    }

    public Optional<Message> findById(String id) {
        return db.execute().createNamedGet("select-message-by-id").addParam("id", id).execute()
                .map(MessageRepository::read);
    }

    /** Finished messages of a chat, oldest first; with the bytes of their images when {@code imageData}. */
    public Page<Message> list(String chatId, Paging paging, boolean imageData) {
        // one connection for both statements (waiting for a connection once), and a page consistent with its total
        Page<Message> page = db.inTransaction(tx -> {
            List<Message> messages;
            try (Stream<DbRow> rows = tx.createNamedQuery("select-messages-of-chat")
                    .addParam("chatId", chatId)
                    .addParam("limit", paging.limit())
                    .addParam("offset", paging.offset())
                    .execute()) {
                messages = rows.map(MessageRepository::read).toList();
            }
            long total = tx.createNamedGet("count-messages-of-chat").addParam("chatId", chatId).execute()
                    .map(row -> Rows.number(row, "total"))
                    .orElse(0L);
            return new Page<>(messages, total);
        });
        if (!imageData) {
            return page;
        }
        return new Page<>(page.items().stream().map(message -> imageBytes.load(message, false)).toList(), page.total());
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

    /**
     * Every finished message of a chat, oldest first, images (tool results' too) with their bytes:
     * the conversation sent to the model.
     */
    public List<Message> history(String chatId) {
        List<Message> messages;
        try (Stream<DbRow> rows = db.execute().createNamedQuery("select-history-of-chat")
                .addParam("chatId", chatId)
                .execute()) {
            messages = rows.map(MessageRepository::read).toList();
        }
        return messages.stream().map(message -> imageBytes.load(message, true)).toList();
    }

    /** The message as GET .../messages shows it by default: its images with their bytes. */
    public Message withImages(Message message) {
        return imageBytes.load(message, false);
    }

    /** The text of the chat's first user message that has any, for an automatic title. */
    public Optional<String> firstUserText(String chatId) {
        try (Stream<DbRow> rows = db.execute().createNamedQuery("select-user-contents-of-chat")
                .addParam("chatId", chatId)
                .execute()) {
            return rows.map(row -> MessageJson.contentFromJson(Json.parseArray(Rows.string(row, "content")), chatId))
                    .flatMap(List::stream)
                    .filter(part -> part instanceof MessageContent.Text text && !text.text().isBlank())
                    .map(part -> ((MessageContent.Text) part).text())
                    .findFirst();
        }
    }

    /** A message still being generated (or left so by a crash): its id and chat. */
    public record Streaming(String id, String chatId) {
    }

    /** Every message whose status is still streaming, on any instance. */
    public List<Streaming> streaming() {
        try (Stream<DbRow> rows = db.execute().createNamedQuery("select-streaming-messages").execute()) {
            return rows.map(row -> new Streaming(Rows.string(row, "id"), Rows.string(row, "chat_id"))).toList();
        }
    }

    /**
     * Completes every message left streaming by a previous run (a crash or kill) from its stored
     * chunks, with stop reason "interrupted". Returns how many there were. Only for a single
     * instance: with several, the others' streaming messages are alive.
     */
    public int recoverInterrupted(Instant now) {
        List<String> ids;
        try (Stream<DbRow> rows = db.execute().createNamedQuery("select-streaming-message-ids").execute()) {
            ids = rows.map(row -> Rows.string(row, "id")).toList();
        }
        ids.forEach(id -> markInterrupted(id, now));
        return ids.size();
    }

    /**
     * Completes one streaming message from its stored chunks with stop reason "interrupted"; empty
     * when it was not streaming any more (its turn ended meanwhile, or another instance got there first).
     */
    public Optional<Message> markInterrupted(String id, Instant now) {
        return db.inTransaction(tx -> {
            Optional<Message> streaming = tx.createNamedGet("select-message-by-id").addParam("id", id).execute()
                    .map(MessageRepository::read);
            if (streaming.isEmpty()) {
                return Optional.<Message>empty();
            }
            List<StreamedContent.Chunk> chunks;
            try (Stream<DbRow> rows = tx.createNamedQuery("select-chunks-of-message")
                    .addParam("messageId", id).execute()) {
                chunks = rows.map(row -> new StreamedContent.Chunk(Rows.string(row, "kind"),
                        Rows.string(row, "body"))).toList();
            }
            MessageMetadata metadata = MessageMetadata.EMPTY.withStopReason("interrupted");
            Message old = streaming.get();
            List<MessageContent> content = StreamedContent.assemble(old.chatId(), chunks);
            if (!complete(tx, id, content, metadata, now, true)) {
                return Optional.<Message>empty();
            }
            return Optional.of(new Message(id, old.chatId(), old.role(), content, old.createdAt(), metadata));
        });
    }

    /**
     * Writes the search copies of finished messages stored before there were any (migration V3), a
     * batch at a time. Returns how many were written.
     */
    public int fillSearchCopies() {
        return db.inBatches("select-unsearchable-messages", (tx, row) -> {
            SearchCopies search = SearchCopies.of(MessageJson.contentFromJson(Json.parseArray(Rows.string(row, "content")),
                    Rows.string(row, "chat_id")), db.isMariaDb());
            tx.createNamedUpdate("update-message-search")
                    .addParam("id", Rows.string(row, "id"))
                    .addParam("searchText", search.text())
                    .addParam("searchTerms", search.terms())
                    .execute();
        });
    }

    static Message read(DbRow row) {
        String metadata = Rows.string(row, "metadata");
        String chatId = Rows.string(row, "chat_id");
        return new Message(
                Rows.string(row, "id"),
                chatId,
                Role.fromWire(Rows.string(row, "role")),
                MessageJson.contentFromJson(Json.parseArray(Rows.string(row, "content")), chatId),
                Rows.instant(row, "created_at"),
                metadata == null ? MessageMetadata.EMPTY : MessageJson.metadataFromJson(Json.parseObject(metadata)));
    }
}
