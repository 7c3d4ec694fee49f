package agentchat.testing;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import static agentchat.testing.AnthropicBlocks.canonical;
import static agentchat.testing.AnthropicBlocks.contentOf;

/**
 * What the Anthropic Messages API enforces for Claude 5.5-generation models (Sonnet 5.5), for a
 * {@link FakeUpstream} ({@code upstream.answerThrough(rules::answer)}), as platform.claude.com
 * describes it (models/sonnet-5-5 migration guide and what's new; build-with-claude/thinking and
 * preserved-thinking):
 * <ul>
 *   <li>the settings that return a 400 on these models: a thinking budget ({@code type: "enabled"}),
 *   {@code type: "disabled"}, sampling parameters, a forced {@code tool_choice}, an assistant prefill
 *   (a request ending with an assistant message); {@code display: "updates"} without its beta header;
 *   adaptive thinking on a model that has none (Claude 4.5 and earlier);</li>
 *   <li>thinking display: unless the request asks for {@code "updates"} or {@code "summarized"}, the
 *   text of the reply's thinking blocks is left out (the default {@code "omitted"}), signatures stay;</li>
 *   <li>every thinking or redacted_thinking block sent back must be one this fake returned, unchanged,
 *   after exactly the same system prompt, tools and earlier messages (cache_control aside) as when it
 *   was returned — the prefix check; and the assistant message whose tool calls the request answers
 *   must carry that reply's thinking blocks, unchanged and in their places before its tool_use blocks.</li>
 * </ul>
 * A refused request gets the API's 400 {@code invalid_request_error}, the scripted reply unserved.
 */
public final class AnthropicThinkingRules {

    public static final String DISPLAY_UPDATES_BETA = "thinking-display-updates-2026-08-18";

    /** Models without adaptive thinking (extended thinking with a budget only, or no thinking). */
    private static final List<String> WITHOUT_ADAPTIVE_THINKING = List.of(
            "claude-sonnet-4-5", "claude-haiku-4-5", "claude-opus-4-5", "claude-opus-4-1", "claude-3");
    private static final Set<String> THINKING_TYPES = Set.of("thinking", "redacted_thinking");

    /** A thinking block this fake returned: as it was delivered, and what came before it. */
    private record Returned(String block, String prefix) {
    }

    private final Map<String, Returned> returned = new ConcurrentHashMap<>();
    /** The thinking and tool_use blocks of each reply that had thinking, by the ids of its tool calls. */
    private final Map<String, List<String>> repliesByToolUse = new ConcurrentHashMap<>();

    /** For {@link FakeUpstream#answerThrough}. */
    public FakeReply answer(RecordedRequest request, FakeReply scripted) {
        JsonObject body = request.json();
        String refusal = refusal(request, body);
        if (refusal != null) {
            return FakeReply.json(400, AnthropicStream.errorBody("invalid_request_error", refusal));
        }
        if (scripted.status() != 200 || scripted.events() == null) {
            return scripted;
        }
        FakeReply reply = displayed(scripted, displaysText(body));
        remember(body, reply.events());
        return reply;
    }

    /** How many thinking blocks this fake has returned so far. */
    public int thinkingBlocksReturned() {
        return returned.size();
    }

    private String refusal(RecordedRequest request, JsonObject body) {
        String settings = refusedSetting(request, body);
        return settings != null ? settings : refusedThinkingBlock(body);
    }

    private static String refusedSetting(RecordedRequest request, JsonObject body) {
        String model = body.getString("model", "");
        for (String sampling : List.of("temperature", "top_p", "top_k")) {
            if (body.containsKey(sampling)) {
                return sampling + ": sampling parameters are not supported for this model";
            }
        }
        if (body.get("tool_choice") instanceof JsonObject choice
                && Set.of("any", "tool").contains(choice.getString("type", ""))) {
            return "tool_choice: forced tool use is not supported for this model. Use tool_choice auto";
        }
        JsonArray messages = body.getJsonArray("messages");
        if (!messages.isEmpty() && "assistant".equals(messages.getJsonObject(messages.size() - 1).getString("role"))) {
            return "This model does not support assistant message prefill. The conversation must end with a user "
                    + "message.";
        }
        if (!(body.get("thinking") instanceof JsonObject thinking)) {
            return null;
        }
        String type = thinking.getString("type", "");
        if (WITHOUT_ADAPTIVE_THINKING.stream().anyMatch(model::startsWith)) {
            return type.equals("enabled") ? null : "thinking.type." + type + " is not supported for this model";
        }
        switch (type) {
            case "adaptive", "between_tools" -> {
                // the settings these models have
            }
            case "disabled" -> {
                return "\"thinking.type.disabled\" is not supported for this model. Use \"thinking.type.between_tools\"";
            }
            default -> {
                return "\"thinking.type." + type + "\" is not supported for this model. Use \"thinking.type.adaptive\" "
                        + "and \"output_config.effort\" to control thinking behavior.";
            }
        }
        if (thinking.containsKey("budget_tokens")) {
            return "thinking.budget_tokens: not supported for this model";
        }
        String beta = request.header("anthropic-beta");
        if ("updates".equals(thinking.getString("display", null))
                && (beta == null || !List.of(beta.split("\\s*,\\s*")).contains(DISPLAY_UPDATES_BETA))) {
            return "thinking.display: \"updates\" requires the " + DISPLAY_UPDATES_BETA + " beta";
        }
        return null;
    }

    private String refusedThinkingBlock(JsonObject body) {
        JsonArray messages = body.getJsonArray("messages");
        for (int m = 0; m < messages.size(); m++) {
            JsonArray content = content(messages.getJsonObject(m));
            for (int b = 0; b < content.size(); b++) {
                JsonObject block = content.getJsonObject(b);
                if (!THINKING_TYPES.contains(block.getString("type", ""))) {
                    continue;
                }
                String where = "messages." + m + ".content." + b + ": ";
                Returned original = returned.get(signatureOf(block));
                if (original == null || !original.block().equals(canonical(block))) {
                    return where + "Invalid `signature` in `" + block.getString("type") + "` block";
                }
                if (!original.prefix().equals(prefix(body, messages.subList(0, m), messages.getJsonObject(m), b))) {
                    return where + "Invalid `signature` in `" + block.getString("type") + "` block. The block is bound "
                            + "to a different conversation. Remove the block, or set "
                            + "`thinking.block_binding.prefix_mismatch_behavior` to \"drop_block\".";
                }
            }
        }
        return refusedContinuation(messages);
    }

    /** The assistant message a trailing tool_result answers must carry its reply's thinking, in place. */
    private String refusedContinuation(JsonArray messages) {
        if (messages.size() < 2) {
            return null;
        }
        JsonArray last = content(messages.getJsonObject(messages.size() - 1));
        if (last.stream().noneMatch(block -> "tool_result".equals(block.asJsonObject().getString("type", "")))) {
            return null;
        }
        JsonArray calls = content(messages.getJsonObject(messages.size() - 2));
        List<String> sent = new ArrayList<>();
        List<String> expected = null;
        for (JsonValue value : calls) {
            JsonObject block = value.asJsonObject();
            String type = block.getString("type", "");
            if (THINKING_TYPES.contains(type) || type.equals("tool_use")) {
                sent.add(canonical(block));
            }
            if (type.equals("tool_use") && expected == null) {
                expected = repliesByToolUse.get(block.getString("id", ""));
            }
        }
        if (expected != null && !expected.equals(sent)) {
            return "messages." + (messages.size() - 2) + ".content: Expected `thinking` or `redacted_thinking`, but "
                    + "found `tool_use`. The assistant message of a tool loop must carry the thinking blocks of its "
                    + "reply unchanged, before its tool_use blocks.";
        }
        return null;
    }

    /** Records the thinking blocks of a served reply, with the prefix each was produced after. */
    private void remember(JsonObject body, List<FakeEvent> events) {
        List<JsonObject> reply = contentOf(events);
        JsonArray messages = body.getJsonArray("messages");
        JsonArrayBuilder replyContent = Json.createArrayBuilder();
        reply.forEach(replyContent::add);
        JsonObject replyMessage = Json.createObjectBuilder().add("role", "assistant").add("content", replyContent).build();
        List<String> thinkingAndCalls = new ArrayList<>();
        List<String> toolUseIds = new ArrayList<>();
        boolean thinking = false;
        for (int b = 0; b < reply.size(); b++) {
            JsonObject block = reply.get(b);
            String type = block.getString("type", "");
            if (THINKING_TYPES.contains(type)) {
                thinking = true;
                returned.put(signatureOf(block), new Returned(canonical(block), prefix(body, messages, replyMessage, b)));
            }
            if (THINKING_TYPES.contains(type) || type.equals("tool_use")) {
                thinkingAndCalls.add(canonical(block));
            }
            if (type.equals("tool_use")) {
                toolUseIds.add(block.getString("id"));
            }
        }
        if (thinking) {
            toolUseIds.forEach(id -> repliesByToolUse.put(id, List.copyOf(thinkingAndCalls)));
        }
    }

    private static String signatureOf(JsonObject block) {
        return block.getString(block.getString("type", "").equals("redacted_thinking") ? "data" : "signature", "");
    }

    private static boolean displaysText(JsonObject body) {
        return body.get("thinking") instanceof JsonObject thinking
                && Set.of("updates", "summarized").contains(thinking.getString("display", "omitted"));
    }

    /** The reply as the display asked for shows it: without thinking text unless it is displayed. */
    private static FakeReply displayed(FakeReply scripted, boolean displayText) {
        if (displayText) {
            return scripted;
        }
        List<FakeEvent> events = scripted.events().stream()
                .filter(event -> !"content_block_delta".equals(event.name())
                        || !"thinking_delta".equals(parse(event.data()).getJsonObject("delta").getString("type", "")))
                .toList();
        return new FakeReply(scripted.status(), scripted.headers(), scripted.body(), events, scripted.ending(),
                             scripted.delayBeforeHeaders());
    }

    /** system, tools and the messages before block {@code b} of {@code message}, in a canonical form. */
    private static String prefix(JsonObject body, List<JsonValue> earlier, JsonObject message, int b) {
        JsonArrayBuilder messages = Json.createArrayBuilder();
        earlier.forEach(value -> messages.add(normalized(value.asJsonObject())));
        JsonArrayBuilder before = Json.createArrayBuilder();
        content(message).subList(0, b).forEach(before::add);
        messages.add(Json.createObjectBuilder().add("role", message.getString("role")).add("content", before));
        JsonValue system = body.get("system") instanceof JsonString text
                ? Json.createArrayBuilder().add(Json.createObjectBuilder().add("type", "text").add("text", text.getString()))
                        .build()
                : body.getOrDefault("system", JsonValue.EMPTY_JSON_ARRAY);
        return canonical(Json.createObjectBuilder()
                                 .add("system", system)
                                 .add("tools", body.getOrDefault("tools", JsonValue.EMPTY_JSON_ARRAY))
                                 .add("messages", messages)
                                 .build());
    }

    private static JsonObject normalized(JsonObject message) {
        return Json.createObjectBuilder(message).add("content", content(message)).build();
    }

    /** A message's content as blocks (a string is one text block). */
    private static JsonArray content(JsonObject message) {
        JsonValue content = message.get("content");
        if (content instanceof JsonString text) {
            return Json.createArrayBuilder()
                    .add(Json.createObjectBuilder().add("type", "text").add("text", text.getString())).build();
        }
        return content instanceof JsonArray blocks ? blocks : JsonValue.EMPTY_JSON_ARRAY;
    }

    private static JsonObject parse(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }
}
