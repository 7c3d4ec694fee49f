package agentchat.tools;

import java.util.Optional;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Reads a tool's input parameters with messages a model can act on. Numbers and booleans sent as
 * strings are accepted, since models do that now and then.
 */
final class ToolInput {

    private final JsonObject input;

    ToolInput(JsonObject input) {
        this.input = input == null ? JsonValue.EMPTY_JSON_OBJECT : input;
    }

    String requiredString(String name) {
        return optionalString(name)
                .orElseThrow(() -> new ToolException("Missing required parameter '" + name + "'"));
    }

    Optional<String> optionalString(String name) {
        JsonValue value = input.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return Optional.empty();
        }
        if (value instanceof JsonString string) {
            return Optional.of(string.getString());
        }
        throw new ToolException("Parameter '" + name + "' must be a string");
    }

    Optional<Integer> optionalInt(String name) {
        JsonValue value = input.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return Optional.empty();
        }
        try {
            if (value instanceof JsonNumber number) {
                return Optional.of(number.intValueExact());
            }
            if (value instanceof JsonString string) {
                return Optional.of(Integer.parseInt(string.getString().trim()));
            }
        } catch (ArithmeticException | NumberFormatException e) {
            // falls through to the error below
        }
        throw new ToolException("Parameter '" + name + "' must be an integer");
    }

    boolean optionalBoolean(String name) {
        JsonValue value = input.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return false;
        }
        if (value == JsonValue.TRUE || value == JsonValue.FALSE) {
            return value == JsonValue.TRUE;
        }
        if (value instanceof JsonString string && string.getString().matches("(?i)true|false")) {
            return Boolean.parseBoolean(string.getString());
        }
        throw new ToolException("Parameter '" + name + "' must be true or false");
    }
}
