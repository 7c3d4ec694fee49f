package agentchat.attachments;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import agentchat.db.Database;
import agentchat.db.Rows;
import io.helidon.dbclient.DbRow;

/** Attachments in the database; method names mirror the statement names in {@code db.statements}. */
public final class AttachmentRepository {

    private final Database db;

    public AttachmentRepository(Database db) {
        this.db = db;
    }

    /** Inserts new bytes; fails on the unique (chat, sha256) index when the chat has them already. */
    Attachment insert(String chatId, String mimeType, byte[] bytes, String sha256, Instant now) {
        Attachment attachment = new Attachment(UUID.randomUUID().toString(), chatId, mimeType, bytes.length, sha256, now);
        db.execute().createNamedInsert("insert-attachment")
                .addParam("id", attachment.id())
                .addParam("chatId", chatId)
                .addParam("mimeType", mimeType)
                .addParam("size", (long) bytes.length)
                .addParam("sha256", sha256)
                .addParam("data", bytes)
                .addParam("now", now.toEpochMilli())
                .execute();
        return attachment;
    }

    public Optional<Attachment> find(String chatId, String id) {
        return db.execute().createNamedGet("select-attachment")
                .addParam("chatId", chatId)
                .addParam("id", id)
                .execute()
                .map(AttachmentRepository::read);
    }

    Optional<Attachment> findBySha256(String chatId, String sha256) {
        return db.execute().createNamedGet("select-attachment-by-sha256")
                .addParam("chatId", chatId)
                .addParam("sha256", sha256)
                .execute()
                .map(AttachmentRepository::read);
    }

    /** The bytes of an attachment of the chat. */
    public Optional<byte[]> data(String chatId, String id) {
        return db.execute().createNamedGet("select-attachment-data")
                .addParam("chatId", chatId)
                .addParam("id", id)
                .execute()
                .map(row -> Rows.bytes(row, "data"));
    }

    private static Attachment read(DbRow row) {
        return new Attachment(
                Rows.string(row, "id"),
                Rows.string(row, "chat_id"),
                Rows.string(row, "mime_type"),
                Rows.number(row, "byte_size"),
                Rows.string(row, "sha256"),
                Rows.instant(row, "created_at"));
    }
}
