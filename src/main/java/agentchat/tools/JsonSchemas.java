package agentchat.tools;

import java.util.Map;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/** Builds the small JSON schemas of tool inputs: an object of typed, described properties. */
final class JsonSchemas {

    private static final JsonBuilderFactory JSON = Json.createBuilderFactory(Map.of());

    private final JsonObjectBuilder properties = JSON.createObjectBuilder();
    private final JsonArrayBuilder required = JSON.createArrayBuilder();

    static JsonSchemas object() {
        return new JsonSchemas();
    }

    JsonSchemas required(String name, String type, String description) {
        required.add(name);
        return optional(name, type, description);
    }

    JsonSchemas optional(String name, String type, String description) {
        properties.add(name, JSON.createObjectBuilder().add("type", type).add("description", description));
        return this;
    }

    JsonObject build() {
        return JSON.createObjectBuilder()
                .add("type", "object")
                .add("properties", properties)
                .add("required", required)
                .add("additionalProperties", false)
                .build();
    }
}
