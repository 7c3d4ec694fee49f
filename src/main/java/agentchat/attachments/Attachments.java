package agentchat.attachments;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;

import agentchat.config.Limits;
import agentchat.json.Texts;

/**
 * Images of chats: checked against the limits and their declared type, stored once per chat
 * (identical bytes give the same attachment), read back by id.
 */
public final class Attachments {

    /** An attachment, and whether this call stored it ({@code false}: the chat had the bytes already). */
    public record Stored(Attachment attachment, boolean created) {
    }

    private final AttachmentRepository repository;
    private final Limits limits;
    private final Clock clock;

    public Attachments(AttachmentRepository repository, Limits limits, Clock clock) {
        this.repository = repository;
        this.limits = limits;
        this.clock = clock;
    }

    /** Throws {@link RejectedImage} unless {@code mimeType} is an allowed image type. */
    public void checkType(String mimeType) {
        if (!limits.imageTypes().contains(mimeType)) {
            throw new RejectedImage(RejectedImage.Reason.TYPE_NOT_ALLOWED, "Image type " + Texts.abbreviate(mimeType, 40)
                    + " is not allowed; allowed: " + String.join(", ", limits.imageTypes().stream().sorted().toList()));
        }
    }

    /** Throws {@link RejectedImage} unless the bytes may be stored as an image of that type. */
    public void check(String mimeType, byte[] bytes) {
        checkType(mimeType);
        if (bytes.length == 0) {
            throw new RejectedImage(RejectedImage.Reason.EMPTY, "Image is empty");
        }
        if (bytes.length > limits.imageBytes()) {
            throw new RejectedImage(RejectedImage.Reason.TOO_LARGE, "Image is larger than " + limits.imageBytes() + " bytes");
        }
        if (!ImageSignatures.matches(mimeType, bytes)) {
            throw new RejectedImage(RejectedImage.Reason.NOT_OF_THAT_TYPE, "Image data is not a valid " + mimeType);
        }
    }

    /** Checks and stores the bytes, unless the chat has identical ones already: then that attachment. */
    public Stored store(String chatId, String mimeType, byte[] bytes) {
        check(mimeType, bytes);
        String sha256 = sha256(bytes);
        Optional<Attachment> existing = repository.findBySha256(chatId, sha256);
        if (existing.isPresent()) {
            return new Stored(existing.get(), false);
        }
        try {
            return new Stored(repository.insert(chatId, mimeType, bytes, sha256, clock.instant()), true);
        } catch (RuntimeException e) {
            // the same bytes stored meanwhile by another request (unique index on chat and sha256)
            return repository.findBySha256(chatId, sha256).map(stored -> new Stored(stored, false)).orElseThrow(() -> e);
        }
    }

    public Optional<Attachment> find(String chatId, String id) {
        return repository.find(chatId, id);
    }

    public Optional<byte[]> data(String chatId, String id) {
        return repository.data(chatId, id);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
