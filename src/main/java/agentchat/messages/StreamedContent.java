package agentchat.messages;

import java.util.ArrayList;
import java.util.List;

import agentchat.json.Json;

/**
 * The content of a message as it streams: an ordered list of parts where text deltas extend the
 * last text part. Also turns stored chunks back into content.
 */
public final class StreamedContent {

    /** A stored piece: kind "text" (appended text) or "part" (one whole content part as JSON). */
    public record Chunk(String kind, String body) {

        public static Chunk text(String text) {
            return new Chunk("text", text);
        }

        /** A whole part as the database keeps it: images by attachment id, never their bytes. */
        public static Chunk part(MessageContent part) {
            return new Chunk("part", Json.write(MessageJson.partForStorage(part)));
        }
    }

    private final List<MessageContent> parts = new ArrayList<>();
    private StringBuilder openText;

    public void appendText(String delta) {
        if (openText == null) {
            openText = new StringBuilder();
            parts.add(null);
        }
        openText.append(delta);
    }

    public void appendPart(MessageContent part) {
        closeText();
        parts.add(part);
    }

    /** The content so far, text parts included. */
    public List<MessageContent> snapshot() {
        List<MessageContent> copy = new ArrayList<>(parts.size());
        for (int i = 0; i < parts.size(); i++) {
            MessageContent part = parts.get(i);
            copy.add(part == null ? new MessageContent.Text(openText.toString()) : part);
        }
        return copy;
    }

    private void closeText() {
        if (openText != null) {
            parts.set(parts.size() - 1, new MessageContent.Text(openText.toString()));
            openText = null;
        }
    }

    /** The content of a message of chat {@code chatId} from its stored chunks, in order. */
    public static List<MessageContent> assemble(String chatId, List<Chunk> chunks) {
        StreamedContent content = new StreamedContent();
        for (Chunk chunk : chunks) {
            if (chunk.kind().equals("text")) {
                content.appendText(chunk.body());
            } else {
                content.appendPart(MessageJson.contentFromJson(Json.array().add(Json.parseObject(chunk.body())).build(), chatId)
                        .getFirst());
            }
        }
        return content.snapshot();
    }
}
