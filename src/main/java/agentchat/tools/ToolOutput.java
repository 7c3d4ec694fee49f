package agentchat.tools;

import java.util.List;

import agentchat.messages.MessageContent.ToolResult.ImageData;

/** What a tool call produced: text for the model, images where the tool returned some, and whether it failed. */
public record ToolOutput(String text, List<ImageData> images, boolean isError) {

    public ToolOutput {
        images = List.copyOf(images);
    }

    public static ToolOutput error(String text) {
        return new ToolOutput(text, List.of(), true);
    }
}
