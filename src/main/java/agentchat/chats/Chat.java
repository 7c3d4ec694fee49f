package agentchat.chats;

import java.time.Instant;

import agentchat.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/**
 * A stored chat. {@code owner} is the principal that created it and never leaves the server;
 * {@code model} and {@code systemPrompt} are the chat's own choices, null for the server's default.
 */
public record Chat(String id, String owner, String title, String sessionId, String model, String systemPrompt,
                   Instant createdAt, Instant updatedAt) {

    public static final String DEFAULT_TITLE = "New Chat";

    public JsonObject toJson() {
        return jsonBuilder().build();
    }

    /** The JSON of {@link #toJson()}, open for more fields (a search hit adds its {@code match}). */
    public JsonObjectBuilder jsonBuilder() {
        var json = Json.object().add("id", id).add("title", title);
        Json.addNullable(json, "sessionId", sessionId);
        Json.addNullable(json, "model", model);
        Json.addNullable(json, "systemPrompt", systemPrompt);
        return json.add("createdAt", Json.timestamp(createdAt))
                .add("updatedAt", Json.timestamp(updatedAt));
    }
}
