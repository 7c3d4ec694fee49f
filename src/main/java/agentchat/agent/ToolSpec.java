package agentchat.agent;

import jakarta.json.JsonObject;

/** A tool as offered to a model: name, description and a JSON schema of its input object. */
public record ToolSpec(String name, String description, JsonObject inputSchema) {
}
