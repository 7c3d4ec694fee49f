package agentchat.http;

import java.io.IOException;
import java.io.InputStream;

import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * What is left of a request body when the answer is an error (413, 401, 404...) sent before the
 * server read it. The client is usually still sending then; if the server stopped reading and
 * closed, the client would see a connection reset instead of the answer, and a request with
 * {@code Connection: close} would even have its unread body parsed as a second request (a stray
 * 400). So the rest is read and dropped, up to {@link #DISCARD_LIMIT}; beyond that the connection
 * is closed after the answer.
 */
public final class UnreadBody {

    /** How much of an unwanted body is read to let its sender see the answer: a few times the largest accepted body. */
    public static final long DISCARD_LIMIT = 64L * 1024 * 1024;

    private UnreadBody() {
    }

    /** Before an error answer: drops the body the handler did not read (see the class comment). */
    static void discard(ServerRequest req, ServerResponse res) {
        if (!req.content().hasEntity() || req.content().consumed()) {
            return;
        }
        boolean ended;
        try (InputStream in = req.content().inputStream()) {
            ended = discardRest(in);
        } catch (IOException | RuntimeException e) {
            ended = false;
        }
        if (!ended) {
            res.header(HeaderValues.CONNECTION_CLOSE);
        }
    }

    /** Reads and drops what is left of a body, up to the limit; true when it reached the end. */
    public static boolean discardRest(InputStream in) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long dropped = 0;
        while (dropped <= DISCARD_LIMIT) {
            int n = in.read(buffer);
            if (n < 0) {
                return true;
            }
            dropped += n;
        }
        return false;
    }
}
