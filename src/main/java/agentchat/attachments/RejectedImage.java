package agentchat.attachments;

/** Bytes that cannot be stored as an image; {@link #reason()} says why, the message says it to a user. */
public final class RejectedImage extends RuntimeException {

    public enum Reason { EMPTY, TOO_LARGE, TYPE_NOT_ALLOWED, NOT_OF_THAT_TYPE }

    private final Reason reason;

    RejectedImage(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
