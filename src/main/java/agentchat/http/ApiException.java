package agentchat.http;

/** A failure with the HTTP status and stable code the client sees as {@code {error, code, status}}. */
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;

    public ApiException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public static ApiException notFound(String what) {
        return new ApiException(404, "NOT_FOUND", what + " not found");
    }

    public static ApiException validation(String message) {
        return new ApiException(400, "VALIDATION_ERROR", message);
    }

    public static ApiException unauthorized() {
        return new ApiException(401, "INVALID_API_KEY", "Unauthorized");
    }

    public static ApiException methodNotAllowed() {
        return new ApiException(405, "METHOD_NOT_ALLOWED", "Method not allowed");
    }
}
