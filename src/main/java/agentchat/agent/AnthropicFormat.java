package agentchat.agent;

import agentchat.messages.MessageContent;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import static agentchat.agent.JsonSupport.BUILDERS;
import static agentchat.agent.JsonSupport.PROVIDER;

/**
 * The request body of the Anthropic Messages API. It never carries what Claude 5.x models refuse with
 * a 400: no thinking budget or {@code "disabled"} thinking, no temperature/top_p/top_k, no
 * {@code tool_choice}, and (see {@link AgentTurn}) no assistant message at the end.
 */
final class AnthropicFormat {

    /** Adaptive thinking (the default of the models that have it), returning the progress notes between tool calls. */
    static final JsonObject THINKING_WITH_PROGRESS_UPDATES = BUILDERS.createObjectBuilder()
            .add("type", "adaptive")
            .add("display", "updates")
            .build();

    private AnthropicFormat() {
    }

    static JsonObject requestBody(AgentSettings settings, ModelCall call) {
        JsonArrayBuilder wireMessages = BUILDERS.createArrayBuilder();
        for (WireMessage message : call.messages()) {
            JsonArrayBuilder blocks = BUILDERS.createArrayBuilder();
            if (message.providerContent() != null) {
                message.providerContent().forEach(blocks::add);
            } else {
                message.parts().forEach(part -> blocks.add(block(part)));
            }
            wireMessages.add(BUILDERS.createObjectBuilder()
                                     .add("role", message.role().wire())
                                     .add("content", blocks));
        }
        var body = BUILDERS.createObjectBuilder()
                .add("model", call.model())
                .add("max_tokens", settings.maxTokens())
                .add("system", call.systemPrompt())
                .add("messages", wireMessages);
        if (settings.progressUpdates(call.model())) {
            body.add("thinking", THINKING_WITH_PROGRESS_UPDATES);
        }
        if (!call.tools().isEmpty()) {
            JsonArrayBuilder wireTools = BUILDERS.createArrayBuilder();
            call.tools().forEach(tool -> wireTools.add(BUILDERS.createObjectBuilder()
                                                        .add("name", tool.name())
                                                        .add("description", tool.description())
                                                        .add("input_schema", tool.inputSchema())));
            body.add("tools", wireTools);
        }
        JsonObject request = body.add("stream", true).build();
        return settings.promptCaching() ? PromptCacheMarks.mark(request, call, settings.cacheTtl()) : request;
    }

    static JsonObject block(MessageContent part) {
        return switch (part) {
            case MessageContent.Text text -> BUILDERS.createObjectBuilder()
                    .add("type", "text")
                    .add("text", text.text())
                    .build();
            case MessageContent.Image image -> imageBlock(image.mimeType(), image.base64());
            case MessageContent.ToolUse use -> BUILDERS.createObjectBuilder()
                    .add("type", "tool_use")
                    .add("id", use.id())
                    .add("name", use.name())
                    .add("input", use.input())
                    .build();
            case MessageContent.ToolResult result -> BUILDERS.createObjectBuilder()
                    .add("type", "tool_result")
                    .add("tool_use_id", result.toolUseId())
                    .add("content", toolResultContent(result))
                    .add("is_error", result.isError())
                    .build();
        };
    }

    /** A thinking block as it came: its text (empty unless shown) and the signature that carries the reasoning. */
    static JsonObject thinkingBlock(String thinking, String signature) {
        return BUILDERS.createObjectBuilder()
                .add("type", "thinking")
                .add("thinking", thinking)
                .add("signature", signature)
                .build();
    }

    static JsonObject redactedThinkingBlock(String data) {
        return BUILDERS.createObjectBuilder().add("type", "redacted_thinking").add("data", data).build();
    }

    /** The result's text, or text and image blocks when the tool returned images. */
    private static JsonValue toolResultContent(MessageContent.ToolResult result) {
        if (result.images().isEmpty()) {
            return PROVIDER.createValue(result.content());
        }
        JsonArrayBuilder blocks = BUILDERS.createArrayBuilder();
        if (!result.content().isEmpty()) { // the API refuses empty text blocks
            blocks.add(BUILDERS.createObjectBuilder().add("type", "text").add("text", result.content()));
        }
        result.images().forEach(image -> blocks.add(imageBlock(image.mimeType(), image.base64())));
        return blocks.build();
    }

    private static JsonObject imageBlock(String mimeType, String base64) {
        return BUILDERS.createObjectBuilder()
                .add("type", "image")
                .add("source", BUILDERS.createObjectBuilder()
                        .add("type", "base64")
                        .add("media_type", mimeType)
                        .add("data", base64))
                .build();
    }
}
