package agentchat.export;

import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

import agentchat.chats.Chat;
import agentchat.messages.Message;
import agentchat.messages.MessageContent;
import agentchat.messages.MessageMetadata;
import agentchat.messages.Role;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonWriterFactory;
import jakarta.json.stream.JsonGenerator;

/**
 * A chat as Markdown: its title, then every message in order under a heading with its role and time,
 * the text as written, tool calls and results in fenced blocks, images (a tool result's too) as links to
 * their url (the link needs the API key, like every /api url; the file never holds image bytes).
 */
final class MarkdownExport {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final JsonWriterFactory PRETTY = Json.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true));

    private MarkdownExport() {
    }

    static String header(Chat chat, Instant exportedAt) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(escapeInline(chat.title())).append("\n\n");
        md.append("- Chat: `").append(chat.id()).append("`\n");
        md.append("- Created: ").append(TIME.format(chat.createdAt())).append('\n');
        md.append("- Updated: ").append(TIME.format(chat.updatedAt())).append('\n');
        md.append("- Exported: ").append(TIME.format(exportedAt)).append('\n');
        md.append("- Model: ").append(chat.model() == null ? "the server's default" : "`" + chat.model() + "`").append('\n');
        if (chat.systemPrompt() != null) {
            md.append("- System prompt:\n\n").append(fenced(chat.systemPrompt(), "text", "  "));
        }
        return md.append('\n').toString();
    }

    static String message(Message message) {
        StringBuilder md = new StringBuilder("---\n\n## ");
        md.append(message.role() == Role.USER ? "User" : "Assistant").append(" · ")
                .append(TIME.format(message.createdAt())).append("\n\n");
        for (MessageContent part : message.content()) {
            switch (part) {
                case MessageContent.Text text -> md.append(text.text().strip()).append("\n\n");
                case MessageContent.Image image -> md.append(imageLink(image));
                case MessageContent.ToolUse use -> md.append("**Tool call:** `").append(use.name()).append("` (")
                        .append(use.id()).append(")\n\n").append(fenced(pretty(use.input()), "json", ""))
                        .append('\n');
                case MessageContent.ToolResult result -> {
                    md.append(result.isError() ? "**Tool error:**" : "**Tool result:**")
                            .append(" (").append(result.toolUseId()).append(")\n\n")
                            .append(fenced(result.content(), "text", "")).append('\n');
                    result.images().forEach(image -> md.append(imageLink(image)));
                }
            }
        }
        if (message.role() == Role.ASSISTANT) {
            String details = details(message.metadata());
            if (!details.isEmpty()) {
                md.append('*').append(details).append("*\n\n");
            }
        }
        return md.toString();
    }

    /** An image as a link to its url; an image kept inline by an older server (no url) is only named. */
    private static String imageLink(MessageContent.Image image) {
        return image.isAttachment() ? "![image](" + image.url() + ")\n\n" : "*(an image, " + image.mimeType() + ")*\n\n";
    }

    private static String details(MessageMetadata metadata) {
        StringBuilder details = new StringBuilder();
        if (metadata.model() != null) {
            details.append(metadata.model());
        }
        if (metadata.inputTokens() != null || metadata.outputTokens() != null) {
            separate(details).append(orZero(metadata.inputTokens())).append(" input / ")
                    .append(orZero(metadata.outputTokens())).append(" output tokens");
        }
        if (metadata.totalCostUsd() != null) {
            separate(details).append(String.format(Locale.ROOT, "$%.4f", metadata.totalCostUsd()));
        }
        if (metadata.stopReason() != null && !metadata.stopReason().equals("end_turn")) {
            separate(details).append("stopped: ").append(metadata.stopReason());
        }
        return details.toString();
    }

    private static StringBuilder separate(StringBuilder details) {
        return details.isEmpty() ? details : details.append(" · ");
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }

    private static String pretty(JsonObject json) {
        StringWriter out = new StringWriter();
        try (var writer = PRETTY.createWriter(out)) {
            writer.write(json);
        }
        return out.toString().strip();
    }

    /** A fenced code block whose fence is longer than any run of backticks inside, so nothing can close it early. */
    static String fenced(String content, String language, String indent) {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < content.length(); i++) {
            run = content.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(Math.max(3, longest + 1));
        StringBuilder block = new StringBuilder(indent).append(fence).append(language).append('\n');
        for (String line : content.split("\n", -1)) {
            block.append(line.isEmpty() ? "" : indent).append(line).append('\n');
        }
        return block.append(indent).append(fence).append('\n').toString();
    }

    /** A title as plain text in a heading: Markdown's punctuation is backslash-escaped, line breaks become spaces. */
    static String escapeInline(String text) {
        StringBuilder escaped = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ("\\`*_{}[]<>()#+-.!|~".indexOf(c) >= 0) {
                escaped.append('\\');
            }
            escaped.append(c == '\n' || c == '\r' ? ' ' : c);
        }
        return escaped.toString();
    }
}
