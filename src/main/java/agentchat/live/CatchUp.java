package agentchat.live;

import java.util.ArrayList;
import java.util.List;

import agentchat.json.Json;
import jakarta.json.JsonObject;

/**
 * What a socket that joins while a turn runs receives first, folded from the chat's events since
 * the turn's {@code message_start}: that {@code message_start}, one {@code message_delta} per text
 * part with the text so far, the {@code tool_use} / {@code tool_result} events so far, a pending
 * {@code tool_approval_request}, and the current {@code status}. Both chat buses keep those events
 * (the journal) and fold them here, so a joiner gets the same catch-up on every instance.
 */
public final class CatchUp {

    private CatchUp() {
    }

    /** The catch-up for a socket joining now; empty when the journal shows no running turn. */
    public static List<String> of(List<String> journal) {
        int start = lastTurnStart(journal);
        if (start < 0) {
            return List.of();
        }
        String messageId = messageIdOfStart(journal.get(start));
        List<Object> parts = new ArrayList<>(); // StringBuilder for a text part, the event for a tool part
        String pendingApproval = null;
        String status = null;
        for (String event : journal.subList(start + 1, journal.size())) {
            switch (Events.type(event)) {
                case "message_delta" -> {
                    String delta = Json.parseObject(event).getString("delta");
                    if (!parts.isEmpty() && parts.getLast() instanceof StringBuilder text) {
                        text.append(delta);
                    } else {
                        parts.add(new StringBuilder(delta));
                    }
                }
                case "tool_use" -> parts.add(event);
                case "tool_result" -> {
                    parts.add(event);
                    pendingApproval = null;
                }
                case "tool_approval_request" -> pendingApproval = event;
                case "status" -> status = event;
                case "message_complete", "error" -> {
                    if (endsTurn(event, messageId)) {
                        return List.of();
                    }
                }
                default -> {
                    // other chat events (user_message_stored, ...) are not part of a turn's catch-up
                }
            }
        }
        List<String> catchUp = new ArrayList<>(parts.size() + 3);
        catchUp.add(journal.get(start));
        for (Object part : parts) {
            catchUp.add(part instanceof StringBuilder text ? Events.delta(messageId, text.toString()) : (String) part);
        }
        if (pendingApproval != null) {
            catchUp.add(pendingApproval);
        }
        if (status != null) {
            catchUp.add(status);
        }
        return catchUp;
    }

    /** Whether the journal shows {@code messageId}'s turn started and not ended. */
    public static boolean isRunning(List<String> journal, String messageId) {
        int start = lastTurnStart(journal);
        if (start < 0 || !messageIdOfStart(journal.get(start)).equals(messageId)) {
            return false;
        }
        for (String event : journal.subList(start + 1, journal.size())) {
            if (endsTurn(event, messageId)) {
                return false;
            }
        }
        return true;
    }

    /** A turn's first event: a journal starts over with it. */
    public static boolean startsTurn(String event) {
        return Events.type(event).equals("message_start");
    }

    public static String messageIdOfStart(String event) {
        return Json.parseObject(event).getString("messageId");
    }

    /** The terminal event of {@code messageId}: its message_complete, or an error carrying its id. */
    public static boolean endsTurn(String event, String messageId) {
        String type = Events.type(event);
        if (type.equals("message_complete")) {
            return Json.parseObject(event).getJsonObject("message").getString("id").equals(messageId);
        }
        if (type.equals("error")) {
            JsonObject error = Json.parseObject(event);
            return messageId.equals(error.getString("messageId", null));
        }
        return false;
    }

    private static int lastTurnStart(List<String> journal) {
        for (int i = journal.size() - 1; i >= 0; i--) {
            if (startsTurn(journal.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
