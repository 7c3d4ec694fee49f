package agentchat.live;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link TurnLeases} of one instance: a map from chat to the message whose turn holds it. */
public final class InProcessTurnLeases implements TurnLeases {

    private final InProcessChatBus bus;
    private final Map<String, String> held = new ConcurrentHashMap<>();

    public InProcessTurnLeases(InProcessChatBus bus) {
        this.bus = bus;
    }

    @Override
    public Optional<Lease> acquire(String chatId, String messageId, Runnable onLost) {
        if (held.putIfAbsent(chatId, messageId) != null) {
            return Optional.empty();
        }
        return Optional.of(lastEvents -> bus.publishAll(chatId, lastEvents, () -> held.remove(chatId, messageId)));
    }

    @Override
    public Optional<String> holder(String chatId) {
        return Optional.ofNullable(held.get(chatId));
    }
}
