package agentchat.chats;

import java.time.Instant;

import agentchat.json.Json;
import jakarta.json.JsonObject;

/** A stored chat. {@code owner} is the principal that created it and never leaves the server. */
public record Chat(String id, String owner, String title, String sessionId, Instant createdAt, Instant updatedAt) {

    public static final String DEFAULT_TITLE = "New Chat";

    public JsonObject toJson() {
        var json = Json.object().add("id", id).add("title", title);
        Json.addNullable(json, "sessionId", sessionId);
        return json.add("createdAt", Json.timestamp(createdAt))
                .add("updatedAt", Json.timestamp(updatedAt))
                .build();
    }
}
