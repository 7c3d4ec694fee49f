package agentchat.agent;

import agentchat.messages.MessageContent;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import static agentchat.agent.JsonSupport.BUILDERS;
import static agentchat.agent.JsonSupport.PROVIDER;

/** The request body of the Anthropic Messages API. */
final class AnthropicFormat {

    private AnthropicFormat() {
    }

    static JsonObject requestBody(AgentSettings settings, ModelCall call) {
        JsonArrayBuilder wireMessages = BUILDERS.createArrayBuilder();
        for (WireMessage message : call.messages()) {
            JsonArrayBuilder blocks = BUILDERS.createArrayBuilder();
            message.parts().forEach(part -> blocks.add(block(part)));
            wireMessages.add(BUILDERS.createObjectBuilder()
                                     .add("role", message.role().wire())
                                     .add("content", blocks));
        }
        var body = BUILDERS.createObjectBuilder()
                .add("model", call.model())
                .add("max_tokens", settings.maxTokens())
                .add("system", call.systemPrompt())
                .add("messages", wireMessages);
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

    private static JsonObject block(MessageContent part) {
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
