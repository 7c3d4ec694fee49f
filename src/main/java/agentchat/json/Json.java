package agentchat.json;

import java.io.StringReader;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriterFactory;
import jakarta.json.spi.JsonProvider;

/** The one JSON-P provider and the few helpers every JSON writer and reader here shares. */
public final class Json {

    private static final JsonProvider PROVIDER = JsonProvider.provider();
    private static final JsonBuilderFactory BUILDERS = PROVIDER.createBuilderFactory(Map.of());
    private static final JsonReaderFactory READERS = PROVIDER.createReaderFactory(Map.of());
    private static final JsonWriterFactory WRITERS = PROVIDER.createWriterFactory(Map.of());
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Json() {
    }

    public static JsonObjectBuilder object() {
        return BUILDERS.createObjectBuilder();
    }

    public static JsonArrayBuilder array() {
        return BUILDERS.createArrayBuilder();
    }

    public static JsonProvider provider() {
        return PROVIDER;
    }

    /**
     * Parses any JSON text; throws {@link jakarta.json.JsonException} (or a subclass) when it is not JSON.
     * Parsson refuses input nested deeper than 1,000 levels with a bare RuntimeException and numbers
     * of more than 1,100 characters with UnsupportedOperationException: both are malformed input
     * too, so they become JsonException (a 400, not a 500).
     */
    public static JsonValue parse(String text) {
        try (var reader = READERS.createReader(new StringReader(text))) {
            return reader.readValue();
        } catch (JsonException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new JsonException("Unacceptable JSON: " + e.getMessage(), e);
        }
    }

    public static JsonObject parseObject(String text) {
        return parse(text).asJsonObject();
    }

    public static JsonArray parseArray(String text) {
        return parse(text).asJsonArray();
    }

    public static String write(JsonStructure value) {
        StringWriter out = new StringWriter();
        try (var writer = WRITERS.createWriter(out)) {
            writer.write(value);
        }
        return out.toString();
    }

    /** ISO-8601 UTC with exactly three fraction digits, e.g. 2026-11-25T10:00:00.000Z. */
    public static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }

    /** Adds {@code name: value} or {@code name: null}. */
    public static JsonObjectBuilder addNullable(JsonObjectBuilder builder, String name, String value) {
        return value == null ? builder.addNull(name) : builder.add(name, value);
    }
}
