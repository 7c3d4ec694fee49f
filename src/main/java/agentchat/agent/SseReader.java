package agentchat.agent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A blocking parser of a text/event-stream, following the WHATWG "event stream interpretation":
 * {@code event:}, {@code data:} (several lines joined with \n), {@code id:}, comments ({@code :...}),
 * a blank line dispatches; CRLF, LF and CR line endings; a leading BOM is skipped. An event left
 * without its blank line at the end of the stream is discarded, as the specification says.
 */
final class SseReader implements AutoCloseable {

    private static final String DEFAULT_EVENT = "message";

    private final BufferedReader lines;
    private boolean firstLine = true;
    private String lastEventId;

    SseReader(InputStream in) {
        this(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    SseReader(Reader reader) {
        // BufferedReader.readLine already treats "\r\n", "\n" and a lone "\r" as line ends.
        this.lines = reader instanceof BufferedReader buffered ? buffered : new BufferedReader(reader);
    }

    /** The next event, or empty at the end of the stream. */
    Optional<SseEvent> next() throws IOException {
        String eventType = null;
        StringBuilder data = null;
        String line;
        while ((line = lines.readLine()) != null) {
            if (firstLine) {
                firstLine = false;
                if (line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
            }
            if (line.isEmpty()) {
                if (data != null) {
                    return Optional.of(new SseEvent(eventType == null ? DEFAULT_EVENT : eventType,
                                                    data.toString(),
                                                    lastEventId));
                }
                eventType = null;
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "event" -> eventType = value.isEmpty() ? null : value;
                case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                case "id" -> {
                    if (value.indexOf('\0') < 0) {
                        lastEventId = value;
                    }
                }
                default -> {
                    // "retry" and unknown fields do not concern a client that never reconnects.
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
