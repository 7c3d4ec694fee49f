package agentchat.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Optional;

import agentchat.json.Json;
import io.helidon.http.HttpMediaType;
import io.helidon.webserver.http.ServerRequest;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * Reads request bodies as JSON objects, bounded in size. An absent or empty body is "no body";
 * a declared non-JSON type is 415; invalid JSON is 400 INVALID_JSON; over the limit is 413.
 */
public final class JsonBodies {

    private final int maxBytes;

    public JsonBodies(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** The body as a JSON object, or empty when the request has no body. */
    public Optional<JsonObject> readObject(ServerRequest req) {
        Optional<HttpMediaType> type = req.headers().contentType();
        req.headers().contentLength().ifPresent(length -> {
            if (length > maxBytes) {
                throw tooLarge();
            }
        });
        byte[] bytes = readBounded(req);
        if (bytes.length == 0) {
            return Optional.empty();
        }
        boolean declaredJson = type.map(JsonBodies::isJson).orElse(false);
        if (type.isPresent() && !declaredJson) {
            throw new ApiException(415, "UNSUPPORTED_MEDIA_TYPE", "Request body must be application/json");
        }
        JsonValue value;
        try {
            value = Json.parse(decodeUtf8(bytes));
        } catch (JsonException | IllegalStateException e) {
            if (!declaredJson) {
                throw new ApiException(415, "UNSUPPORTED_MEDIA_TYPE", "Request body must be application/json");
            }
            throw new ApiException(400, "INVALID_JSON", "Request body is not valid JSON");
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw ApiException.validation("Request body must be a JSON object");
        }
        return Optional.of(value.asJsonObject());
    }

    private static boolean isJson(HttpMediaType type) {
        String subtype = type.mediaType().subtype();
        return type.mediaType().type().equals("application")
                && (subtype.equals("json") || subtype.endsWith("+json"));
    }

    private byte[] readBounded(ServerRequest req) {
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        try (InputStream in = req.content().inputStream()) {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                UnreadBody.discardRest(in);
                throw tooLarge();
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ApiException tooLarge() {
        return new ApiException(413, "PAYLOAD_TOO_LARGE", "Request body exceeds " + maxBytes + " bytes");
    }

    private static String decodeUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ApiException(400, "INVALID_JSON", "Request body is not valid UTF-8");
        }
    }
}
