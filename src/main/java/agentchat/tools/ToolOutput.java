package agentchat.tools;

import java.util.List;

/** What a tool call produced: text for the model, images where the tool returned some, and whether it failed. */
public record ToolOutput(String text, List<Image> images, boolean isError) {

    public ToolOutput {
        images = List.copyOf(images);
    }

    public static ToolOutput error(String text) {
        return new ToolOutput(text, List.of(), true);
    }

    /** An image a tool returned, already checked against the limits and its type; {@link Tools} stores it. */
    public record Image(String mimeType, byte[] bytes) {
    }
}
