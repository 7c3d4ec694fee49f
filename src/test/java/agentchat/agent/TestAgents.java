package agentchat.agent;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import agentchat.messages.Message;
import agentchat.messages.MessageContent;
import agentchat.messages.MessageMetadata;
import agentchat.messages.Role;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

/** Settings and messages for agent tests: short timeouts and delays so failures show quickly. */
final class TestAgents {

    private TestAgents() {
    }

    static AgentSettings settings(String provider, String baseUrl, String... keyValues) {
        Map<String, String> values = new HashMap<>(Map.of(
                "provider", provider,
                "base-url", baseUrl,
                "api-key", "test-key-123",
                "connect-timeout-ms", "2000",
                "response-timeout-ms", "3000",
                "idle-timeout-ms", "3000",
                "retry-base-delay-ms", "20",
                "retry-max-delay-ms", "100"));
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return AgentSettings.from(config(values));
    }

    static Config config(Map<String, String> values) {
        return Config.just(ConfigSources.create(values));
    }

    static Message user(MessageContent... parts) {
        return new Message(UUID.randomUUID().toString(), "chat-1", Role.USER, List.of(parts), Instant.now(),
                           MessageMetadata.EMPTY);
    }

    static Message user(String text) {
        return user(new MessageContent.Text(text));
    }

    static Message assistant(MessageContent... parts) {
        return new Message(UUID.randomUUID().toString(), "chat-1", Role.ASSISTANT, List.of(parts), Instant.now(),
                           MessageMetadata.EMPTY);
    }

    static Message assistant(String text) {
        return assistant(new MessageContent.Text(text));
    }
}
