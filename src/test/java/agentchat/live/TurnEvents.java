package agentchat.live;

import java.util.List;

import jakarta.json.JsonObject;

/** Reading a turn's events in tests. */
public final class TurnEvents {

    private TurnEvents() {
    }

    /** Event types, statuses written as {@code status:<status>}. */
    public static List<String> types(List<JsonObject> events) {
        return events.stream().map(event -> event.getString("type")
                + (event.getString("type").equals("status") ? ":" + event.getString("status") : "")).toList();
    }

    public static List<JsonObject> ofType(List<JsonObject> events, String type) {
        return events.stream().filter(event -> event.getString("type").equals(type)).toList();
    }

    public static JsonObject first(List<JsonObject> events, String type) {
        return ofType(events, type).stream().findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " event in " + types(events)));
    }

    /** The message of the turn's message_complete event. */
    public static JsonObject completed(List<JsonObject> events) {
        return first(events, "message_complete").getJsonObject("message");
    }

    public static String stopReason(JsonObject message) {
        return message.getJsonObject("metadata").getString("stopReason");
    }

    /** Part types of a message, e.g. [tool_use, tool_result, text]. */
    public static List<String> partTypes(JsonObject message) {
        return message.getJsonArray("content").getValuesAs(JsonObject.class).stream()
                .map(part -> part.getString("type")).toList();
    }
}
