package agentchat.agent;

import java.util.List;
import java.util.stream.Collectors;

import agentchat.messages.MessageContent;
import agentchat.messages.Role;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import static agentchat.agent.JsonSupport.BUILDERS;

/** The request body of the OpenAI Chat Completions API (and the servers compatible with it). */
final class OpenAiFormat {

    private OpenAiFormat() {
    }

    static JsonObject requestBody(AgentSettings settings, ModelCall call) {
        JsonArrayBuilder wireMessages = BUILDERS.createArrayBuilder()
                .add(BUILDERS.createObjectBuilder().add("role", "system").add("content", call.systemPrompt()));
        for (WireMessage message : call.messages()) {
            if (message.role() == Role.USER) {
                addUser(wireMessages, message.parts());
            } else {
                wireMessages.add(assistant(message.parts()));
            }
        }
        JsonObjectBuilder body = BUILDERS.createObjectBuilder()
                .add("model", call.model())
                .add("max_tokens", settings.maxTokens())
                .add("stream", true)
                .add("stream_options", BUILDERS.createObjectBuilder().add("include_usage", true))
                .add("messages", wireMessages);
        if (!call.tools().isEmpty()) {
            JsonArrayBuilder wireTools = BUILDERS.createArrayBuilder();
            call.tools().forEach(tool -> wireTools.add(BUILDERS.createObjectBuilder()
                    .add("type", "function")
                    .add("function", BUILDERS.createObjectBuilder()
                            .add("name", tool.name())
                            .add("description", tool.description())
                            .add("parameters", tool.inputSchema()))));
            body.add("tools", wireTools);
        }
        return body.build();
    }

    /** Tool results become "tool" messages; what else the user said follows as one user message. */
    private static void addUser(JsonArrayBuilder wireMessages, List<MessageContent> parts) {
        for (MessageContent part : parts) {
            if (part instanceof MessageContent.ToolResult result) {
                String content = (result.isError() ? "Error: " : "") + result.content() + imagesNote(result);
                wireMessages.add(BUILDERS.createObjectBuilder()
                                         .add("role", "tool")
                                         .add("tool_call_id", result.toolUseId())
                                         .add("content", content));
            }
        }
        List<MessageContent> said = parts.stream().filter(p -> !(p instanceof MessageContent.ToolResult)).toList();
        if (said.isEmpty()) {
            return;
        }
        JsonObjectBuilder user = BUILDERS.createObjectBuilder().add("role", "user");
        if (said.size() == 1 && said.getFirst() instanceof MessageContent.Text text) {
            user.add("content", text.text());
        } else {
            JsonArrayBuilder content = BUILDERS.createArrayBuilder();
            for (MessageContent part : said) {
                switch (part) {
                    case MessageContent.Text text -> content.add(BUILDERS.createObjectBuilder()
                            .add("type", "text")
                            .add("text", text.text()));
                    case MessageContent.Image image -> content.add(BUILDERS.createObjectBuilder()
                            .add("type", "image_url")
                            .add("image_url", BUILDERS.createObjectBuilder().add("url", image.dataUri())));
                    default -> {
                        // tool parts never reach here: the shaper keeps them out of user text
                    }
                }
            }
            user.add("content", content);
        }
        wireMessages.add(user);
    }

    /** Chat Completions takes text only in tool messages, so the model is at least told that images came back. */
    private static String imagesNote(MessageContent.ToolResult result) {
        if (result.images().isEmpty()) {
            return "";
        }
        String types = result.images().stream().map(MessageContent.Image::mimeType).distinct()
                .collect(Collectors.joining(", "));
        return (result.content().isEmpty() ? "" : "\n") + "[The tool also returned " + result.images().size()
                + " image(s) (" + types + "), which this API cannot pass on in a tool result.]";
    }

    private static JsonObject assistant(List<MessageContent> parts) {
        JsonObjectBuilder assistant = BUILDERS.createObjectBuilder().add("role", "assistant");
        String text = parts.stream()
                .filter(p -> p instanceof MessageContent.Text)
                .map(p -> ((MessageContent.Text) p).text())
                .collect(Collectors.joining("\n\n"));
        if (text.isEmpty()) {
            assistant.addNull("content");
        } else {
            assistant.add("content", text);
        }
        JsonArrayBuilder calls = BUILDERS.createArrayBuilder();
        boolean anyCall = false;
        for (MessageContent part : parts) {
            if (part instanceof MessageContent.ToolUse use) {
                anyCall = true;
                calls.add(BUILDERS.createObjectBuilder()
                                  .add("id", use.id())
                                  .add("type", "function")
                                  .add("function", BUILDERS.createObjectBuilder()
                                          .add("name", use.name())
                                          .add("arguments", use.input().toString())));
            }
        }
        if (anyCall) {
            assistant.add("tool_calls", calls);
        }
        return assistant.build();
    }
}
