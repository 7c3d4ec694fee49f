package agentchat.live;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import agentchat.json.Json;
import agentchat.testing.AnthropicStream;
import agentchat.testing.FakeReply;
import agentchat.testing.OpenAiStream;
import jakarta.json.JsonObject;

/**
 * Each provider's wire format as the tool-loop tests need it: scripted replies that ask for a tool
 * (arguments split into many small deltas) or answer with text, and readers that find a tool call
 * and its result in the request body the server sent upstream, in that provider's own shape.
 */
enum ProviderWire {

    ANTHROPIC("anthropic") {
        @Override
        FakeReply toolCall(String id, String name, JsonObject input) {
            return FakeReply.sse(new AnthropicStream().toolUse(id, name, split(input.toString())).events());
        }

        @Override
        FakeReply text(String... deltas) {
            return FakeReply.sse(new AnthropicStream().text(deltas).events());
        }

        @Override
        Call toolUseIn(JsonObject body, String toolUseId) {
            for (JsonObject block : blocks(body, "assistant")) {
                if (block.getString("type").equals("tool_use") && block.getString("id").equals(toolUseId)) {
                    return new Call(block.getString("name"), block.getJsonObject("input"));
                }
            }
            return null;
        }

        @Override
        Result toolResultIn(JsonObject body, String toolUseId) {
            for (JsonObject block : blocks(body, "user")) {
                if (block.getString("type").equals("tool_result") && block.getString("tool_use_id").equals(toolUseId)) {
                    return new Result(block.getString("content"), block.getBoolean("is_error"));
                }
            }
            return null;
        }

        @Override
        Map<String, JsonObject> toolsIn(JsonObject body) {
            Map<String, JsonObject> tools = new LinkedHashMap<>();
            body.getJsonArray("tools").getValuesAs(JsonObject.class)
                    .forEach(tool -> tools.put(tool.getString("name"), tool.getJsonObject("input_schema")));
            return tools;
        }

        private List<JsonObject> blocks(JsonObject body, String role) {
            List<JsonObject> blocks = new ArrayList<>();
            body.getJsonArray("messages").getValuesAs(JsonObject.class).stream()
                    .filter(message -> message.getString("role").equals(role))
                    .forEach(message -> blocks.addAll(message.getJsonArray("content").getValuesAs(JsonObject.class)));
            return blocks;
        }
    },

    OPENAI("openai") {
        @Override
        FakeReply toolCall(String id, String name, JsonObject input) {
            return FakeReply.sse(new OpenAiStream().toolCall(id, name, split(input.toString())).events());
        }

        @Override
        FakeReply text(String... deltas) {
            return FakeReply.sse(new OpenAiStream().text(deltas).events());
        }

        @Override
        Call toolUseIn(JsonObject body, String toolUseId) {
            for (JsonObject message : body.getJsonArray("messages").getValuesAs(JsonObject.class)) {
                if (message.getString("role").equals("assistant") && message.containsKey("tool_calls")) {
                    for (JsonObject call : message.getJsonArray("tool_calls").getValuesAs(JsonObject.class)) {
                        if (call.getString("id").equals(toolUseId)) {
                            JsonObject function = call.getJsonObject("function");
                            return new Call(function.getString("name"), Json.parseObject(function.getString("arguments")));
                        }
                    }
                }
            }
            return null;
        }

        @Override
        Result toolResultIn(JsonObject body, String toolUseId) {
            for (JsonObject message : body.getJsonArray("messages").getValuesAs(JsonObject.class)) {
                if (message.getString("role").equals("tool") && message.getString("tool_call_id").equals(toolUseId)) {
                    String content = message.getString("content");
                    return new Result(content, content.startsWith("Error: "));
                }
            }
            return null;
        }

        @Override
        Map<String, JsonObject> toolsIn(JsonObject body) {
            Map<String, JsonObject> tools = new LinkedHashMap<>();
            body.getJsonArray("tools").getValuesAs(JsonObject.class).stream().map(tool -> tool.getJsonObject("function"))
                    .forEach(function -> tools.put(function.getString("name"), function.getJsonObject("parameters")));
            return tools;
        }
    };

    /** A tool call as the provider's request carries it. */
    record Call(String name, JsonObject input) {
    }

    /** A tool result as the provider's request carries it (OpenAI marks errors with an "Error: " prefix). */
    record Result(String content, boolean isError) {
    }

    private final String provider;

    ProviderWire(String provider) {
        this.provider = provider;
    }

    String provider() {
        return provider;
    }

    /** A reply asking for one tool, its input JSON streamed a few characters per delta. */
    abstract FakeReply toolCall(String id, String name, JsonObject input);

    abstract FakeReply text(String... deltas);

    /** The tool call with this id in an upstream request body, or null. */
    abstract Call toolUseIn(JsonObject body, String toolUseId);

    /** The result of the tool call with this id in an upstream request body, or null. */
    abstract Result toolResultIn(JsonObject body, String toolUseId);

    /** The tools offered in an upstream request body: name → input schema, in order. */
    abstract Map<String, JsonObject> toolsIn(JsonObject body);

    static JsonObject input(String key, String value) {
        return Json.object().add(key, value).build();
    }

    static JsonObject input(String key1, String value1, String key2, String value2) {
        return Json.object().add(key1, value1).add(key2, value2).build();
    }

    /** {@code json} in pieces of at most 5 characters, so keys and values are split across deltas. */
    static String[] split(String json) {
        List<String> pieces = new ArrayList<>();
        for (int i = 0; i < json.length(); i += 5) {
            pieces.add(json.substring(i, Math.min(json.length(), i + 5)));
        }
        return pieces.toArray(String[]::new);
    }
}
