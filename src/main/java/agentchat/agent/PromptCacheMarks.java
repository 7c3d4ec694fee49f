package agentchat.agent;

import java.util.List;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import static agentchat.agent.JsonSupport.BUILDERS;

/**
 * Marks the stable prefix of an Anthropic request with {@code cache_control} breakpoints, at most
 * the four the API accepts: the last tool (tools are shared by every chat), the system prompt, the
 * last block of the earlier conversation (so each turn reads what the turns before it wrote), and,
 * inside a tool loop, the newest block (so calls 2..n of a turn read what the call before wrote).
 * The newest user message itself is not marked: the next turn's third breakpoint covers it.
 */
final class PromptCacheMarks {

    private PromptCacheMarks() {
    }

    static JsonObject mark(JsonObject body, ModelCall call, CacheTtl ttl) {
        JsonObject cacheControl = cacheControl(ttl);
        JsonObjectBuilder marked = BUILDERS.createObjectBuilder(body);
        if (body.get("tools") instanceof JsonArray tools && !tools.isEmpty()) {
            marked.add("tools", markLast(tools, cacheControl));
        }
        if (body.get("system") instanceof JsonString system && !system.getString().isBlank()) {
            marked.add("system", BUILDERS.createArrayBuilder().add(BUILDERS.createObjectBuilder()
                    .add("type", "text").add("text", system.getString()).add("cache_control", cacheControl)));
        }
        if (body.get("messages") instanceof JsonArray messages) {
            int blocks = messages.stream().mapToInt(message -> content(message).size()).sum();
            List<Integer> marks = call.toolLoop() && blocks > call.historyBlocks()
                    ? List.of(call.historyBlocks() - 1, blocks - 1)
                    : List.of(call.historyBlocks() - 1);
            marked.add("messages", markBlocks(messages, marks, cacheControl));
        }
        return marked.build();
    }

    /** {@code {"type":"ephemeral"}} is the 5-minute default; the 1-hour lifetime is named. */
    private static JsonObject cacheControl(CacheTtl ttl) {
        JsonObjectBuilder control = BUILDERS.createObjectBuilder().add("type", "ephemeral");
        if (ttl == CacheTtl.ONE_HOUR) {
            control.add("ttl", ttl.wire());
        }
        return control.build();
    }

    private static JsonArray markLast(JsonArray items, JsonObject cacheControl) {
        JsonArrayBuilder marked = BUILDERS.createArrayBuilder(items.subList(0, items.size() - 1));
        return marked.add(BUILDERS.createObjectBuilder(items.getJsonObject(items.size() - 1))
                                  .add("cache_control", cacheControl)).build();
    }

    /** Adds cache_control to the blocks at these positions, counted across all messages' content. */
    private static JsonArray markBlocks(JsonArray messages, List<Integer> marks, JsonObject cacheControl) {
        JsonArrayBuilder result = BUILDERS.createArrayBuilder();
        int position = 0;
        for (JsonValue message : messages) {
            JsonArray content = content(message);
            JsonArrayBuilder blocks = BUILDERS.createArrayBuilder();
            boolean changed = false;
            for (JsonValue block : content) {
                if (marks.contains(position) && block instanceof JsonObject object) {
                    blocks.add(BUILDERS.createObjectBuilder(object).add("cache_control", cacheControl));
                    changed = true;
                } else {
                    blocks.add(block);
                }
                position++;
            }
            result.add(changed ? BUILDERS.createObjectBuilder(message.asJsonObject()).add("content", blocks).build()
                               : message);
        }
        return result.build();
    }

    private static JsonArray content(JsonValue message) {
        return message.asJsonObject().get("content") instanceof JsonArray blocks ? blocks : JsonValue.EMPTY_JSON_ARRAY;
    }
}
