package agentchat.config;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import io.helidon.config.Config;

/** Input bounds; defaults are PROTOCOL.md's. */
public record Limits(int textChars,
                     int imageBytes,
                     long messageImageBytes,
                     Set<String> imageTypes,
                     int titleChars,
                     int pageSize,
                     int maxPageSize,
                     int bodyBytes,
                     int wsMessageBytes,
                     int wsBacklogBytes,
                     int systemPromptChars) {

    public static Limits from(Config limits) {
        return new Limits(
                limits.get("text-chars").asInt().orElse(100_000),
                limits.get("image-bytes").asInt().orElse(10 * 1024 * 1024),
                limits.get("message-image-bytes").asLong().orElse(32L * 1024 * 1024),
                Arrays.stream(limits.get("image-types").asString().orElse("image/png,image/jpeg,image/gif,image/webp")
                                .split(","))
                        .map(String::trim)
                        .filter(type -> !type.isEmpty())
                        .collect(Collectors.toUnmodifiableSet()),
                limits.get("title-chars").asInt().orElse(200),
                limits.get("page-size").asInt().orElse(50),
                limits.get("max-page-size").asInt().orElse(200),
                limits.get("body-bytes").asInt().orElse(1024 * 1024),
                limits.get("ws-message-bytes").asInt().orElse(16 * 1024 * 1024),
                limits.get("ws-backlog-bytes").asInt().orElse(1024 * 1024),
                limits.get("system-prompt-chars").asInt().orElse(100_000));
    }
}
