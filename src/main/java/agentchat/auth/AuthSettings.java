package agentchat.auth;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import agentchat.chats.ChatVisibility;
import io.helidon.config.Config;

/**
 * Keys, visibility and allowed origins from the {@code auth} node. With no key configured, a
 * profile that allows it (dev) gets a generated key, kept in {@code auth.generated-key-file} and
 * reused at the next start ({@link DevKey}); the caller prints it.
 */
public record AuthSettings(ApiKeys keys,
                           DevKey devKey,
                           ChatVisibility visibility,
                           List<String> allowedOrigins,
                           int ticketTtlSeconds) {

    public static AuthSettings from(Config auth) {
        List<ApiKeys.KeySpec> specs = auth.get("api-keys-env").asString()
                .map(AuthSettings::parseEnvironmentList)
                .orElseGet(() -> parseConfigList(auth.get("api-keys")));
        DevKey devKey = null;
        if (specs.isEmpty()) {
            if (!auth.get("generate-key-when-empty").asBoolean().orElse(false)) {
                throw new IllegalStateException("No API key configured: set API_KEYS (comma-separated) or auth.api-keys");
            }
            devKey = DevKey.loadOrCreate(Path.of(auth.get("generated-key-file").asString().orElse("./data/dev-api-key")));
            specs = List.of(new ApiKeys.KeySpec("dev", devKey.key()));
        }
        return new AuthSettings(
                ApiKeys.of(specs),
                devKey,
                ChatVisibility.parse(auth.get("chat-visibility").asString().orElse("owner")),
                Arrays.stream(auth.get("allowed-origins").asString().orElse("").split(","))
                        .map(String::trim)
                        .filter(origin -> !origin.isEmpty())
                        .toList(),
                auth.get("ws-ticket-ttl-seconds").asInt().orElse(30));
    }

    /** {@code k1,alice=k2,sha256:abc...}: "name=" is optional. */
    static List<ApiKeys.KeySpec> parseEnvironmentList(String value) {
        List<ApiKeys.KeySpec> specs = new ArrayList<>();
        for (String item : value.split(",")) {
            String entry = item.trim();
            if (entry.isEmpty()) {
                continue;
            }
            int equals = entry.indexOf('=');
            specs.add(equals > 0
                    ? new ApiKeys.KeySpec(entry.substring(0, equals).trim(), entry.substring(equals + 1).trim())
                    : new ApiKeys.KeySpec(null, entry));
        }
        return specs;
    }

    private static List<ApiKeys.KeySpec> parseConfigList(Config list) {
        if (!list.exists()) {
            return List.of();
        }
        if (list.isLeaf()) {
            return parseEnvironmentList(list.asString().orElse(""));
        }
        List<ApiKeys.KeySpec> specs = new ArrayList<>();
        for (Config node : list.asNodeList().orElse(List.of())) {
            if (node.isLeaf()) {
                specs.add(new ApiKeys.KeySpec(null, node.asString().orElse("")));
            } else {
                specs.add(new ApiKeys.KeySpec(node.get("name").asString().orElse(null),
                        node.get("key").asString().orElse("")));
            }
        }
        return specs;
    }
}
