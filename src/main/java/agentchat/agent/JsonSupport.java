package agentchat.agent;

import java.io.StringReader;
import java.util.Map;

import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

/** One JSON provider for the package: {@code Json.createXxx} looks the provider up on every call. */
final class JsonSupport {

    static final JsonProvider PROVIDER = JsonProvider.provider();
    static final JsonBuilderFactory BUILDERS = PROVIDER.createBuilderFactory(Map.of());

    private JsonSupport() {
    }

    /** Parses a JSON object; throws jakarta.json.JsonException for anything else. */
    static JsonObject parseObject(String text) {
        try (JsonReader reader = PROVIDER.createReader(new StringReader(text))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new jakarta.json.JsonException("expected a JSON object, got " + value.getValueType());
            }
            return value.asJsonObject();
        }
    }

    /** The string at {@code key}, or null when absent, null or not a string. */
    static String string(JsonObject object, String key) {
        JsonValue value = object == null ? null : object.get(key);
        return value instanceof jakarta.json.JsonString s ? s.getString() : null;
    }

    /** The object at {@code key}, or null when absent or not an object. */
    static JsonObject object(JsonObject object, String key) {
        JsonValue value = object == null ? null : object.get(key);
        return value != null && value.getValueType() == JsonValue.ValueType.OBJECT ? value.asJsonObject() : null;
    }

    /** The number at {@code key} as a long, or {@code fallback}. */
    static long number(JsonObject object, String key, long fallback) {
        JsonValue value = object == null ? null : object.get(key);
        return value instanceof jakarta.json.JsonNumber n ? n.longValue() : fallback;
    }
}
