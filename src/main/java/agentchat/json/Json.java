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
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriterFactory;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;

/** The one JSON-P provider and the few helpers every JSON writer and reader here shares. */
public final class Json {

    private static final JsonProvider PROVIDER = JsonProvider.provider();
    private static final JsonBuilderFactory BUILDERS = PROVIDER.createBuilderFactory(Map.of());
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

    /** Deeper than any message of ours; deep enough input would overflow the parser's stack. */
    static final int MAX_DEPTH = 128;

    /**
     * Parses any JSON text; throws {@link jakarta.json.JsonException} (or a subclass) when it is not
     * exactly one JSON value (the reader alone would accept {@code {} garbage} by ignoring the rest),
     * nests deeper than {@link #MAX_DEPTH}, or holds a number too long to convert.
     */
    public static JsonValue parse(String text) {
        checkDepth(text);
        try (JsonParser parser = PROVIDER.createParser(new StringReader(text))) {
            if (!parser.hasNext()) {
                throw new JsonException("No JSON value");
            }
            parser.next();
            JsonValue value = parser.getValue();
            if (parser.hasNext()) {
                throw new JsonException("Unexpected content after the JSON value");
            }
            return value;
        } catch (UnsupportedOperationException | ArithmeticException | NumberFormatException e) {
            throw new JsonException("Unusable JSON number: " + e.getMessage());
        }
    }

    private static void checkDepth(String text) {
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '[' || c == '{') {
                if (++depth > MAX_DEPTH) {
                    throw new JsonException("JSON is nested deeper than " + MAX_DEPTH + " levels");
                }
            } else if (c == ']' || c == '}') {
                depth--;
            }
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
