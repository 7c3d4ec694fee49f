package agentchat.tools;

import java.util.Map;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/** Small helpers for building tool inputs in tests. */
final class ToolTestSupport {

    private ToolTestSupport() {
    }

    /** An input object from name/value pairs; values may be String, Integer or Boolean. */
    static JsonObject input(Object... namesAndValues) {
        JsonObjectBuilder builder = Json.createObjectBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            String name = (String) namesAndValues[i];
            switch (namesAndValues[i + 1]) {
                case String s -> builder.add(name, s);
                case Integer n -> builder.add(name, n);
                case Boolean b -> builder.add(name, b);
                default -> throw new IllegalArgumentException(name);
            }
        }
        return builder.build();
    }

    static ToolSettings settings(Map<String, String> values) {
        return ToolSettings.from(Config.just(ConfigSources.create(values)));
    }
}
