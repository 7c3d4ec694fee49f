package agentchat.live;

import java.util.List;

import jakarta.json.JsonObject;

/** Reading a turn's events in tests. */
final class TurnEvents {

    private TurnEvents() {
    }

    /** Event types, statuses written as {@code status:<status>}. */
    static List<String> types(List<JsonObject> events) {
        return events.stream().map(event -> event.getString("type")
                + (event.getString("type").equals("status") ? ":" + event.getString("status") : "")).toList();
    }

    static List<JsonObject> ofType(List<JsonObject> events, String type) {
        return events.stream().filter(event -> event.getString("type").equals(type)).toList();
    }

    static JsonObject first(List<JsonObject> events, String type) {
        return ofType(events, type).stream().findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " event in " + types(events)));
    }

    /** The message of the turn's message_complete event. */
    static JsonObject completed(List<JsonObject> events) {
        return first(events, "message_complete").getJsonObject("message");
    }

    static String stopReason(JsonObject message) {
        return message.getJsonObject("metadata").getString("stopReason");
    }

    /** Part types of a message, e.g. [tool_use, tool_result, text]. */
    static List<String> partTypes(JsonObject message) {
        return message.getJsonArray("content").getValuesAs(JsonObject.class).stream()
                .map(part -> part.getString("type")).toList();
    }
}
