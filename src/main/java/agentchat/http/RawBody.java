package agentchat.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.OptionalLong;
import java.util.function.Supplier;

import io.helidon.webserver.http.ServerRequest;

/** Reads a binary request body (an upload) into one array, bounded in size. */
public final class RawBody {

    private RawBody() {
    }

    /**
     * The whole body, read straight into an array of its declared {@code Content-Length}, or
     * {@code tooLarge} when it is over {@code maxBytes}: declared so (answered before reading it),
     * or found so while reading a chunked body (the rest is read and dropped first, see
     * {@link UnreadBody}). An absent body is an empty array.
     */
    public static byte[] read(ServerRequest req, int maxBytes, Supplier<ApiException> tooLarge) {
        OptionalLong declared = req.headers().contentLength();
        if (declared.isPresent() && declared.getAsLong() > maxBytes) {
            throw tooLarge.get();
        }
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        try (InputStream in = req.content().inputStream()) {
            if (declared.isPresent()) {
                byte[] body = new byte[(int) declared.getAsLong()];
                int read = in.readNBytes(body, 0, body.length);
                return read == body.length ? body : Arrays.copyOf(body, read);
            }
            return readChunked(in, maxBytes, tooLarge);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Without a declared length the array grows as the body comes (and is trimmed once at the end). */
    private static byte[] readChunked(InputStream in, int maxBytes, Supplier<ApiException> tooLarge) throws IOException {
        byte[] body = new byte[Math.min(maxBytes + 1, 64 * 1024)];
        int size = 0;
        while (true) {
            if (size == body.length) {
                if (size > maxBytes) {
                    UnreadBody.discardRest(in);
                    throw tooLarge.get();
                }
                body = Arrays.copyOf(body, (int) Math.min((long) maxBytes + 1, 2L * body.length));
            }
            int n = in.read(body, size, body.length - size);
            if (n < 0) {
                return size == body.length ? body : Arrays.copyOf(body, size);
            }
            size += n;
        }
    }
}
