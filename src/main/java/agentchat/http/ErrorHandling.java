package agentchat.http;

import java.lang.System.Logger.Level;

import io.helidon.http.BadRequestException;
import io.helidon.http.HttpException;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * One mapping from every failure to {@code {error, code, status}}: handlers just throw.
 * Unknown paths are answered by a catch-all route registered last ({@link #notFound}).
 */
public final class ErrorHandling {

    private static final System.Logger LOG = System.getLogger(ErrorHandling.class.getName());

    private ErrorHandling() {
    }

    public static void register(HttpRouting.Builder routing) {
        routing.error(ApiException.class, (req, res, e) -> send(req, res, e.status(), e.code(), e.getMessage()))
                .error(BadRequestException.class, (req, res, e) -> send(req, res, 400, "BAD_REQUEST", "Bad request"))
                .error(HttpException.class, ErrorHandling::httpException)
                .error(Throwable.class, ErrorHandling::internal);
    }

    /** The last route: anything that reached it matched no resource. */
    public static void notFound(ServerRequest req, ServerResponse res) {
        throw new ApiException(404, "NOT_FOUND", "No such resource: " + req.path().path());
    }

    /** For a path's last route: the path exists, the method does not. */
    public static void methodNotAllowed(ServerRequest req, ServerResponse res) {
        throw ApiException.methodNotAllowed();
    }

    private static void httpException(ServerRequest req, ServerResponse res, HttpException e) {
        int status = e.status().code();
        String code = switch (status) {
            case 404 -> "NOT_FOUND";
            case 405 -> "METHOD_NOT_ALLOWED";
            case 413 -> "PAYLOAD_TOO_LARGE";
            case 415 -> "UNSUPPORTED_MEDIA_TYPE";
            default -> status < 500 ? "BAD_REQUEST" : "INTERNAL_ERROR";
        };
        if (status >= 500) {
            internal(req, res, e);
        } else {
            send(req, res, status, code, e.status().reasonPhrase());
        }
    }

    private static void databaseFailure(ServerRequest req, ServerResponse res, Throwable e) {
        LOG.log(Level.WARNING, "Database failure on " + req.prologue().method() + " " + req.path().path(), e);
        send(req, res, 503, "DATABASE_UNAVAILABLE", "The database is unavailable; try again shortly");
    }

    private static void internal(ServerRequest req, ServerResponse res, Throwable e) {
        if (DatabaseUnavailableException.isCause(e)) {
            databaseFailure(req, res, e);
            return;
        }
        LOG.log(Level.ERROR, "Unexpected failure on " + req.prologue().method() + " " + req.path().path(), e);
        send(req, res, 500, "INTERNAL_ERROR", "Internal server error");
    }

    private static void send(ServerRequest req, ServerResponse res, int status, String code, String message) {
        if (res.isSent()) {
            return;
        }
        UnreadBody.discard(req, res);
        Responses.error(res, status, code, message);
    }
}
