package agentchat.agent;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;

/**
 * Sends one model request and streams its reply, retrying what may succeed on a second try
 * (429, 529, 5xx, dropped connections) as long as nothing of the reply has reached the caller.
 */
final class UpstreamCall {

    private static final System.Logger LOG = System.getLogger(UpstreamCall.class.getName());
    private static final int MAX_ERROR_BODY_BYTES = 64 * 1024;

    private final HttpClient http;
    private final IdleWatchdog watchdog;
    private final AgentSettings settings;
    private final RetryPolicy retries;

    UpstreamCall(HttpClient http, IdleWatchdog watchdog, AgentSettings settings) {
        this.http = http;
        this.watchdog = watchdog;
        this.settings = settings;
        this.retries = RetryPolicy.of(settings);
    }

    /**
     * Streams the reply to {@code request} into the accumulator made by {@code replies} (a fresh
     * one per attempt) and returns the one that completed.
     */
    ReplyAccumulator stream(RunningTurn turn,
                            HttpRequest request,
                            Supplier<ReplyAccumulator> replies,
                            Function<ReplyAccumulator, StreamDecoder> decoders) {
        for (int attempt = 0; ; attempt++) {
            ReplyAccumulator reply = replies.get();
            try {
                readReply(turn, request, reply, decoders.apply(reply));
                return reply;
            } catch (UpstreamException e) {
                turn.throwIfCancelled();
                if (!e.retryable() || reply.hasOutput() || attempt >= retries.maxRetries()) {
                    throw e;
                }
                Duration delay = retries.delay(attempt, e.retryAfter());
                LOG.log(System.Logger.Level.INFO, "Upstream call failed ({0}), retry {1} of {2} in {3} ms",
                        e.getMessage(), attempt + 1, retries.maxRetries(), delay.toMillis());
                turn.sleep(delay);
            }
        }
    }

    private void readReply(RunningTurn turn, HttpRequest request, ReplyAccumulator reply, StreamDecoder decoder) {
        HttpResponse<InputStream> response = send(turn, request);
        if (response.statusCode() != 200) {
            throw statusError(response);
        }
        IdleWatchdog.Watch body = watchdog.watch(response.body(), settings.idleTimeout());
        turn.reading(body);
        try (SseReader events = new SseReader(body)) {
            Optional<SseEvent> event;
            while ((event = events.next()).isPresent()) {
                if (decoder.accept(event.get())) {
                    return;
                }
            }
            if (!reply.finished()) {
                throw UpstreamException.retryable(UpstreamException.UPSTREAM_ERROR,
                                                  "The upstream stream ended before the reply was complete");
            }
        } catch (IOException e) {
            turn.throwIfCancelled();
            if (body.timedOut()) {
                throw UpstreamException.fatal(UpstreamException.UPSTREAM_TIMEOUT,
                                              "The upstream sent nothing for " + settings.idleTimeout().toMillis()
                                                      + " ms in the middle of its reply");
            }
            throw UpstreamException.retryable(UpstreamException.UPSTREAM_ERROR,
                                              "The upstream connection broke mid-reply: " + e.getMessage());
        } finally {
            turn.doneReading();
        }
        turn.throwIfCancelled();
    }

    private HttpResponse<InputStream> send(RunningTurn turn, HttpRequest request) {
        try {
            return turn.await(http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream()));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpConnectTimeoutException) {
                throw UpstreamException.retryable(UpstreamException.UPSTREAM_TIMEOUT,
                                                  "Could not connect to the upstream within "
                                                          + settings.connectTimeout().toMillis() + " ms");
            }
            if (cause instanceof HttpTimeoutException) {
                throw UpstreamException.fatal(UpstreamException.UPSTREAM_TIMEOUT,
                                              "The upstream did not answer within "
                                                      + settings.responseTimeout().toMillis() + " ms");
            }
            if (cause instanceof ConnectException || cause instanceof IOException) {
                throw UpstreamException.retryable(UpstreamException.UPSTREAM_ERROR,
                                                  "Could not reach the upstream at " + settings.baseUrl() + ": "
                                                          + describe(cause));
            }
            throw UpstreamException.fatal(UpstreamException.UPSTREAM_ERROR, "Upstream request failed: "
                    + describe(cause));
        }
    }

    private UpstreamException statusError(HttpResponse<InputStream> response) {
        int status = response.statusCode();
        String detail = errorMessage(readBounded(response.body()));
        String message = "The upstream answered HTTP " + status + (detail.isEmpty() ? "" : ": " + detail);
        if (status == 401 || status == 403) {
            return UpstreamException.fatal(UpstreamException.UPSTREAM_AUTH,
                                           message + " (check AGENT_API_KEY)");
        }
        boolean retryable = status == 429 || status == 529 || (status >= 500 && status <= 599);
        Duration retryAfter = RetryPolicy.parseRetryAfter(response.headers().firstValue("retry-after").orElse(null),
                                                          response.headers().firstValue("retry-after-ms").orElse(null),
                                                          Instant.now())
                .orElse(null);
        return new UpstreamException(UpstreamException.UPSTREAM_ERROR, message, retryable, retryAfter);
    }

    /** The "error.message" of both providers' JSON error bodies, else the body's start. */
    static String errorMessage(String body) {
        if (body.isBlank()) {
            return "";
        }
        try {
            JsonObject json = JsonSupport.parseObject(body);
            JsonObject error = JsonSupport.object(json, "error");
            String message = error != null ? JsonSupport.string(error, "message") : JsonSupport.string(json, "message");
            if (message == null && json.get("error") instanceof jakarta.json.JsonString text) {
                message = text.getString();
            }
            if (message != null) {
                return message;
            }
        } catch (JsonException notJson) {
            // plain text or HTML from a proxy: show its start
        }
        String flat = body.strip().replaceAll("\\s+", " ");
        return flat.length() > 300 ? flat.substring(0, 300) + "…" : flat;
    }

    private static String readBounded(InputStream body) {
        try (body) {
            return new String(body.readNBytes(MAX_ERROR_BODY_BYTES), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : " " + message);
    }
}
