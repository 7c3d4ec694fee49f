package agentchat.testing;

import java.time.Duration;

/**
 * One server-sent event a {@link FakeUpstream} writes: {@code event: name} (omitted when null), one
 * {@code data:} line per line of {@code data}, a blank line. The server waits {@code delayBefore}
 * before writing it.
 */
public record FakeEvent(String name, String data, Duration delayBefore) {

    public FakeEvent {
        delayBefore = delayBefore == null ? Duration.ZERO : delayBefore;
    }

    public static FakeEvent of(String name, String data) {
        return new FakeEvent(name, data, Duration.ZERO);
    }

    /** An unnamed event, as OpenAI-style streams send them. */
    public static FakeEvent data(String data) {
        return new FakeEvent(null, data, Duration.ZERO);
    }

    public FakeEvent delayedBy(Duration delay) {
        return new FakeEvent(name, data, delay);
    }

    /** The event in text/event-stream format. */
    public String wire() {
        StringBuilder wire = new StringBuilder();
        if (name != null) {
            wire.append("event: ").append(name).append('\n');
        }
        for (String line : data.split("\n", -1)) {
            wire.append("data: ").append(line).append('\n');
        }
        return wire.append('\n').toString();
    }
}
