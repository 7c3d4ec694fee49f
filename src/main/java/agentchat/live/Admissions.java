package agentchat.live;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.websocket.WsUpgrader;

/**
 * Hands the policy route's decision to the socket listener: the policy route admits one handshake
 * (by its Sec-WebSocket-Key) for one chat, and the listener refuses any handshake it did not admit.
 */
final class Admissions {

    static final Pattern WS_PATH = Pattern.compile("^/api/chats/([^/]+)/ws/?$");

    private record Admission(String chatId, long expiresNanos) {
    }

    private final Map<String, Admission> admitted = new ConcurrentHashMap<>();
    private final long ttlNanos = Duration.ofSeconds(30).toNanos();

    void admit(String wsKey, String chatId) {
        long now = System.nanoTime();
        if (admitted.size() > 10_000) {
            admitted.values().removeIf(admission -> admission.expiresNanos() < now);
        }
        admitted.put(wsKey, new Admission(chatId, now + ttlNanos));
    }

    /** The admitted chat of this handshake, once. */
    Optional<String> take(Headers headers, HttpPrologue prologue) {
        Optional<String> key = headers.first(WsUpgrader.WS_KEY);
        Optional<String> pathChat = chatIdOf(prologue.uriPath().path());
        if (key.isEmpty() || pathChat.isEmpty()) {
            return Optional.empty();
        }
        Admission admission = admitted.remove(key.get());
        if (admission == null || admission.expiresNanos() < System.nanoTime()
                || !admission.chatId().equals(pathChat.get())) {
            return Optional.empty();
        }
        return Optional.of(admission.chatId());
    }

    static Optional<String> chatIdOf(String path) {
        Matcher matcher = WS_PATH.matcher(path);
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    static boolean isUpgrade(Headers headers) {
        return headers.first(HeaderNames.UPGRADE).map(value -> value.equalsIgnoreCase("websocket")).orElse(false);
    }
}
