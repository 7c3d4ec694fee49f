package agentchat.agent;

import java.util.ArrayList;
import java.util.List;

import agentchat.messages.Message;
import agentchat.messages.Role;

/**
 * Keeps the conversation sent to the model within a budget of (estimated) tokens by leaving out the
 * oldest whole user-turns — and cuts in steps of half the budget, counted from the start of the
 * chat, so that the first turn sent stays the same for many turns. A cut that moved every turn
 * would change the start of every request and defeat the provider's prompt cache; this one moves
 * only when the conversation has grown by another half budget, and then leaves between half the
 * budget and the whole of it.
 */
final class HistoryBudget {

    private HistoryBudget() {
    }

    /** The conversation from the first user-turn kept; the newest user-turn is always kept. */
    static List<Message> trim(List<Message> conversation, long budgetTokens) {
        List<List<Message>> turns = userTurns(conversation);
        long[] before = new long[turns.size() + 1];
        for (int i = 0; i < turns.size(); i++) {
            before[i + 1] = before[i] + turns.get(i).stream().mapToLong(TokenEstimate::of).sum();
        }
        long total = before[turns.size()];
        if (total <= budgetTokens || turns.size() < 2) {
            return conversation;
        }
        long step = Math.max(1, budgetTokens / 2);
        long steps = (total - budgetTokens + step - 1) / step;
        int first = 1;
        while (first < turns.size() - 1 && before[first] < steps * step) {
            first++;
        }
        return turns.subList(first, turns.size()).stream().flatMap(List::stream).toList();
    }

    /** A user message and the replies after it (the first group may start with replies). */
    private static List<List<Message>> userTurns(List<Message> conversation) {
        List<List<Message>> turns = new ArrayList<>();
        for (Message message : conversation) {
            if (message.role() == Role.USER || turns.isEmpty()) {
                turns.add(new ArrayList<>());
            }
            turns.getLast().add(message);
        }
        return turns;
    }
}
