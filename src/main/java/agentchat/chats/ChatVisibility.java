package agentchat.chats;

/** Who sees a chat: only the principal that created it, or every valid key. */
public enum ChatVisibility {
    OWNER, ALL;

    public static ChatVisibility parse(String value) {
        return switch (value.trim().toLowerCase()) {
            case "owner" -> OWNER;
            case "all" -> ALL;
            default -> throw new IllegalArgumentException("auth.chat-visibility must be owner or all, not " + value);
        };
    }
}
