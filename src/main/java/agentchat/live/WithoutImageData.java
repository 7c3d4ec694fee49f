package agentchat.live;

import java.util.List;

/**
 * The events of a socket opened with {@code ?imageData=false}: the images of messages and of tool
 * results come without their bytes (clients load them from each image's {@code url}); everything
 * else passes unchanged.
 */
final class WithoutImageData implements ChatBus.Subscriber {

    /** The starts of the events that can carry image bytes, as {@link Events} writes them. */
    private static final List<String> WITH_IMAGES = List.of(
            "{\"type\":\"user_message_stored\"",
            "{\"type\":\"user_message_updated\"",
            "{\"type\":\"tool_result\"",
            "{\"type\":\"message_complete\"");
    private static final String IMAGE_DATA = ",\"imageData\":\"";
    /** A tool_use part's input: JSON the model wrote, which may hold anything, an imageData member too. */
    private static final String TOOL_INPUT = ",\"input\":";

    private final ChatBus.Subscriber socket;

    WithoutImageData(ChatBus.Subscriber socket) {
        this.socket = socket;
    }

    @Override
    public void deliver(String event) {
        socket.deliver(strip(event));
    }

    @Override
    public void close(int code, String reason) {
        socket.close(code, reason);
    }

    @Override
    public void awaitClosed(long deadlineNanos) throws InterruptedException {
        socket.awaitClosed(deadlineNanos);
    }

    /**
     * Cuts the {@code imageData} members out of an event as {@link Events} writes it, without parsing
     * megabytes of JSON per socket. Exact because a quote inside a JSON string is always escaped (so
     * {@code ,"imageData":"} and {@code ,"input":} outside strings are members), the only member of
     * that name outside a tool_use part's input is an image's, whose value is a data: URI (base64, no
     * quote) written as its last member, and each tool input is skipped whole before anything after it
     * is looked at.
     */
    static String strip(String event) {
        if (WITH_IMAGES.stream().noneMatch(event::startsWith)) {
            return event;
        }
        int at = event.indexOf(IMAGE_DATA);
        if (at < 0) {
            return event;
        }
        int input = event.indexOf(TOOL_INPUT);
        StringBuilder stripped = new StringBuilder(Math.min(event.length(), 64 * 1024));
        int from = 0;
        while (at >= 0) {
            if (input >= 0 && input < at) {
                int after = endOfValue(event, input + TOOL_INPUT.length());
                input = event.indexOf(TOOL_INPUT, after);
                if (at < after) {
                    at = event.indexOf(IMAGE_DATA, after);
                }
                continue;
            }
            stripped.append(event, from, at);
            from = event.indexOf('"', at + IMAGE_DATA.length()) + 1;
            at = event.indexOf(IMAGE_DATA, from);
        }
        return stripped.append(event, from, event.length()).toString();
    }

    /** Where the JSON value (object, array, string or literal) that begins at {@code start} ends. */
    static int endOfValue(String json, int start) {
        int depth = 0;
        boolean inString = false;
        for (int i = start; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                    if (depth == 0) {
                        return i + 1;
                    }
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                if (depth == 0) {
                    return i; // the end of a literal: its container closes
                }
                if (--depth == 0) {
                    return i + 1;
                }
            } else if (c == ',' && depth == 0) {
                return i;
            }
        }
        return json.length();
    }
}
