package agentchat.agent;

import agentchat.messages.Message;
import agentchat.messages.MessageContent;

/**
 * A deterministic estimate of what a message weighs in tokens, for the history budget: about four
 * characters a token, and a fixed amount per image (its tokens, not its base64 length, reach the
 * model; Anthropic bills a large image at about 1,600 tokens).
 */
final class TokenEstimate {

    static final int CHARS_PER_TOKEN = 4;
    static final int IMAGE_TOKENS = 1600;

    private TokenEstimate() {
    }

    static long of(Message message) {
        return message.content().stream().mapToLong(TokenEstimate::of).sum();
    }

    static long of(MessageContent part) {
        return switch (part) {
            case MessageContent.Text text -> chars(text.text().length());
            case MessageContent.Image ignored -> IMAGE_TOKENS;
            case MessageContent.ToolUse use -> chars(use.name().length() + use.input().toString().length());
            case MessageContent.ToolResult result -> chars(result.content().length())
                    + (long) IMAGE_TOKENS * result.images().size();
        };
    }

    private static long chars(long count) {
        return (count + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
    }
}
