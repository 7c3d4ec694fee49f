package agentchat.mcp;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import agentchat.json.Json;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.json.JsonObject;

/**
 * A tool as an MCP server lists it ({@code name}) and as it is offered to the model ({@code offeredName},
 * {@code mcp__<server>__<name>}), with the server's description and input schema.
 *
 * @param readOnly whether the server annotates it {@code readOnlyHint: true}
 */
record McpTool(String offeredName, String name, String description, JsonObject inputSchema, boolean readOnly) {

    private static final System.Logger LOG = System.getLogger(McpTool.class.getName());

    /** A server's tools under the names offered to the model; of two that end up with the same name, the first. */
    static List<McpTool> offered(String server, List<McpSchema.Tool> listed, McpJsonMapper mapper) {
        Map<String, McpTool> byName = new LinkedHashMap<>();
        for (McpSchema.Tool tool : listed == null ? List.<McpSchema.Tool>of() : listed) {
            String name = McpToolNames.offered(server, tool.name());
            if (byName.containsKey(name)) {
                LOG.log(Level.WARNING, "MCP server " + server + ": tool " + tool.name() + " left out, its name "
                        + name + " is taken by " + byName.get(name).name());
                continue;
            }
            byName.put(name, new McpTool(name, tool.name(), description(tool), schema(server, tool, mapper),
                    tool.annotations() != null && Boolean.TRUE.equals(tool.annotations().readOnlyHint())));
        }
        return List.copyOf(byName.values());
    }

    private static String description(McpSchema.Tool tool) {
        if (tool.description() != null && !tool.description().isBlank()) {
            return tool.description();
        }
        return tool.title() == null ? "" : tool.title();
    }

    /** The server's input schema as given; {@code type: object} added only where it is missing (both APIs require it). */
    private static JsonObject schema(String server, McpSchema.Tool tool, McpJsonMapper mapper) {
        JsonObject schema;
        try {
            schema = Json.parseObject(mapper.writeValueAsString(tool.inputSchema()));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "MCP server " + server + ": tool " + tool.name() + " has an unusable schema", e);
            schema = Json.object().build();
        }
        return schema.containsKey("type") ? schema : Json.provider().createObjectBuilder(schema).add("type", "object").build();
    }
}
