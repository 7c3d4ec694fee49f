package agentchat.mcp;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import agentchat.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * The common MCP configuration file (env {@code AGENT_MCP_CONFIG}):
 * {@code {"mcpServers": {"<name>": {"command", "args", "env", "cwd"} | {"url", "headers"}}}}. An optional
 * {@code type} of {@code stdio}, {@code http} or {@code streamable-http} is accepted; {@code sse} (the old
 * HTTP+SSE transport) is refused.
 */
final class McpConfigFile {

    private McpConfigFile() {
    }

    static List<McpServerConfig> read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the MCP configuration file " + file + ": " + e.getMessage());
        }
        try {
            return parse(text);
        } catch (JsonException | ClassCastException | IllegalArgumentException e) {
            throw new IllegalArgumentException("MCP configuration file " + file + ": " + e.getMessage());
        }
    }

    static List<McpServerConfig> parse(String text) {
        JsonValue root = Json.parse(text);
        JsonValue servers = root.getValueType() == JsonValue.ValueType.OBJECT ? root.asJsonObject().get("mcpServers") : null;
        if (servers == null || servers.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new IllegalArgumentException("expected {\"mcpServers\": {\"<name>\": {...}}}");
        }
        List<McpServerConfig> configs = new ArrayList<>();
        servers.asJsonObject().forEach((name, value) -> configs.add(server(name, value.asJsonObject())));
        return configs;
    }

    private static McpServerConfig server(String name, JsonObject json) {
        String type = json.getString("type", json.containsKey("url") ? "http" : "stdio");
        switch (type) {
            case "stdio" -> {
                return McpServerConfig.stdio(name, json.getString("command", null), strings(json.getJsonArray("args")),
                        map(json.getJsonObject("env")),
                        Optional.ofNullable(json.getString("cwd", null)).filter(s -> !s.isBlank()).map(Path::of));
            }
            case "http", "streamable-http", "streamableHttp" -> {
                String url = json.getString("url", null);
                if (url == null) {
                    throw new IllegalArgumentException("MCP server " + name + " needs a url");
                }
                return McpServerConfig.http(name, URI.create(url), map(json.getJsonObject("headers")));
            }
            case "sse" -> throw new IllegalArgumentException("MCP server " + name
                    + ": the old HTTP+SSE transport is not supported; use the server's Streamable HTTP endpoint");
            default -> throw new IllegalArgumentException("MCP server " + name + " has an unknown type: " + type);
        }
    }

    private static List<String> strings(JsonArray array) {
        return array == null ? List.of() : array.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    private static Map<String, String> map(JsonObject object) {
        Map<String, String> map = new LinkedHashMap<>();
        if (object != null) {
            object.forEach((key, value) -> map.put(key, ((JsonString) value).getString()));
        }
        return map;
    }
}
