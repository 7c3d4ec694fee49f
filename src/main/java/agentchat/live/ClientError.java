package agentchat.live;

/** A frame the server refuses: the sending socket gets an {@code error} event with this code. */
final class ClientError extends RuntimeException {

    private final String code;

    ClientError(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    static ClientError validation(String message) {
        return new ClientError("VALIDATION_ERROR", message);
    }

    String code() {
        return code;
    }
}
