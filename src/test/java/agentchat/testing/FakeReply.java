package agentchat.testing;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link FakeUpstream} answers to one request: a plain response ({@link #json}, {@link #status})
 * or a server-sent-event stream ({@link #sse}), optionally ending badly ({@link #thenStall()},
 * {@link #thenCut()}) or never answering at all ({@link #hang()}). Immutable: each method returns a copy.
 */
public record FakeReply(int status,
                        Map<String, String> headers,
                        String body,
                        List<FakeEvent> events,
                        Ending ending,
                        Duration delayBeforeHeaders) {

    /** How an SSE stream ends after its events. */
    public enum Ending {
        /** The chunked body ends properly and the connection closes. */
        CLOSE,
        /** Nothing more is sent, the connection stays open until the client (or the server) closes it. */
        STALL,
        /** The connection is reset without ending the chunked body, like a proxy dropping it. */
        CUT,
        /** Not even headers are sent; the connection stays open until the client closes it. */
        HANG
    }

    public FakeReply {
        headers = Map.copyOf(headers);
        events = events == null ? null : List.copyOf(events);
        delayBeforeHeaders = delayBeforeHeaders == null ? Duration.ZERO : delayBeforeHeaders;
    }

    public static FakeReply json(int status, String body) {
        return new FakeReply(status, Map.of("content-type", "application/json"), body, null, Ending.CLOSE, null);
    }

    /** A response with this status and an empty body. */
    public static FakeReply status(int status) {
        return new FakeReply(status, Map.of(), "", null, Ending.CLOSE, null);
    }

    /** A 200 text/event-stream response writing these events, each after its own delay. */
    public static FakeReply sse(List<FakeEvent> events) {
        return new FakeReply(200, Map.of("content-type", "text/event-stream", "cache-control", "no-cache"),
                             null, events, Ending.CLOSE, null);
    }

    /** Accepts the request and never answers, until the client gives up. */
    public static FakeReply hang() {
        return new FakeReply(200, Map.of(), "", null, Ending.HANG, null);
    }

    public FakeReply header(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name.toLowerCase(), value);
        return new FakeReply(status, copy, body, events, ending, delayBeforeHeaders);
    }

    /** After the events, send nothing more but keep the connection open. */
    public FakeReply thenStall() {
        return new FakeReply(status, headers, body, events, Ending.STALL, delayBeforeHeaders);
    }

    /** After the events, reset the connection mid-body. */
    public FakeReply thenCut() {
        return new FakeReply(status, headers, body, events, Ending.CUT, delayBeforeHeaders);
    }

    public FakeReply delayHeaders(Duration delay) {
        return new FakeReply(status, headers, body, events, ending, delay);
    }

    boolean streaming() {
        return events != null;
    }
}
