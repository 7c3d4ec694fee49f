package agentchat.live;

/**
 * The events of a socket opened with {@code ?imageData=false}: {@code user_message_stored} comes
 * without the bytes of its images (clients load them from each part's {@code url}); everything else
 * passes unchanged.
 */
final class WithoutImageData implements ChatBus.Subscriber {

    private static final String USER_MESSAGE_STORED = "{\"type\":\"user_message_stored\"";
    private static final String IMAGE_DATA = ",\"imageData\":\"";

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
     * Cuts the {@code imageData} members out of a user_message_stored event as {@link Events}
     * writes it, without parsing megabytes of JSON per socket. Exact because a user message holds
     * only text and image parts, a quote inside a JSON string is always escaped (so
     * {@code ,"imageData":"} can only be an image part's member), and an image part's imageData is
     * a data: URI (base64, no quote) written as its last member.
     */
    static String strip(String event) {
        if (!event.startsWith(USER_MESSAGE_STORED)) {
            return event;
        }
        int at = event.indexOf(IMAGE_DATA);
        if (at < 0) {
            return event;
        }
        StringBuilder stripped = new StringBuilder(Math.min(event.length(), 64 * 1024));
        int from = 0;
        while (at >= 0) {
            stripped.append(event, from, at);
            from = event.indexOf('"', at + IMAGE_DATA.length()) + 1;
            at = event.indexOf(IMAGE_DATA, from);
        }
        return stripped.append(event, from, event.length()).toString();
    }
}
