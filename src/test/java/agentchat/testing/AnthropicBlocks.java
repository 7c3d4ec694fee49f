package agentchat.testing;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

/** Content blocks of Anthropic streams for the fakes: assembled from a stream's events, compared canonically. */
public final class AnthropicBlocks {

    private AnthropicBlocks() {
    }

    /** The content blocks a stream delivers, assembled from its events. */
    public static List<JsonObject> contentOf(List<FakeEvent> events) {
        Map<Integer, JsonObjectBuilder> blocks = new TreeMap<>();
        Map<Integer, StringBuilder> texts = new TreeMap<>();
        Map<Integer, String> types = new TreeMap<>();
        Map<Integer, StringBuilder> inputs = new TreeMap<>();
        for (FakeEvent event : events) {
            JsonObject data = parse(event.data());
            int index = data.getInt("index", -1);
            switch (data.getString("type", "")) {
                case "content_block_start" -> {
                    JsonObject start = data.getJsonObject("content_block");
                    blocks.put(index, Json.createObjectBuilder(start));
                    types.put(index, start.getString("type", ""));
                    texts.put(index, new StringBuilder());
                    inputs.put(index, new StringBuilder());
                }
                case "content_block_delta" -> {
                    JsonObject delta = data.getJsonObject("delta");
                    switch (delta.getString("type", "")) {
                        case "text_delta" -> texts.get(index).append(delta.getString("text"));
                        case "thinking_delta" -> texts.get(index).append(delta.getString("thinking"));
                        case "signature_delta" -> blocks.get(index).add("signature", delta.getString("signature"));
                        case "input_json_delta" -> inputs.get(index).append(delta.getString("partial_json"));
                        default -> {
                            // nothing else is scripted
                        }
                    }
                }
                default -> {
                    // message events
                }
            }
        }
        List<JsonObject> content = new ArrayList<>();
        blocks.forEach((index, block) -> {
            switch (types.get(index)) {
                case "text" -> block.add("text", texts.get(index).toString());
                case "thinking" -> block.add("thinking", texts.get(index).toString());
                case "tool_use" -> block.add("input", inputs.get(index).isEmpty() ? JsonValue.EMPTY_JSON_OBJECT
                                                                                   : parse(inputs.get(index).toString()));
                default -> {
                    // redacted_thinking is whole in its start
                }
            }
            content.add(block.build());
        });
        return content;
    }

    /** JSON with sorted keys and without cache_control, which the prefix check does not compare. */
    public static String canonical(JsonValue value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    private static void write(JsonValue value, StringBuilder out) {
        switch (value) {
            case JsonObject object -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<String, JsonValue> entry : new TreeMap<>(object).entrySet()) {
                    if (entry.getKey().equals("cache_control")) {
                        continue;
                    }
                    out.append(first ? "" : ",").append(Json.createValue(entry.getKey())).append(':');
                    write(entry.getValue(), out);
                    first = false;
                }
                out.append('}');
            }
            case JsonArray array -> {
                out.append('[');
                for (int i = 0; i < array.size(); i++) {
                    out.append(i == 0 ? "" : ",");
                    write(array.get(i), out);
                }
                out.append(']');
            }
            default -> out.append(value);
        }
    }

    private static JsonObject parse(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }
}
