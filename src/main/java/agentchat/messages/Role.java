package agentchat.messages;

public enum Role {
    USER, ASSISTANT;

    public String wire() {
        return name().toLowerCase();
    }

    public static Role fromWire(String value) {
        return valueOf(value.toUpperCase());
    }
}
