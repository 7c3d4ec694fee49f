package agentchat.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.config.spi.ConfigSource;

/**
 * Builds the configuration, highest priority first: the environment variables of PROTOCOL.md,
 * system properties, the active profile's section ({@code profiles.<name>}) of application.yaml,
 * then application.yaml itself. The file in the working directory (when present) overrides the
 * copy packaged in the jar key by key, so a short local file is enough.
 */
public final class ConfigLoader {

    /** PROTOCOL.md's environment variables and the keys they set. */
    private static final Map<String, String> ENVIRONMENT = Map.ofEntries(
            Map.entry("PORT", "server.port"),
            Map.entry("HOST", "server.host"),
            Map.entry("API_KEYS", "auth.api-keys-env"),
            Map.entry("ALLOWED_ORIGINS", "auth.allowed-origins"),
            Map.entry("DB_URL", "db.url"),
            Map.entry("DB_USER", "db.user"),
            Map.entry("DB_PASSWORD", "db.password"),
            Map.entry("AGENT_PROVIDER", "agent.provider"),
            Map.entry("AGENT_BASE_URL", "agent.base-url"),
            Map.entry("AGENT_MODEL", "agent.model"),
            Map.entry("AGENT_MODELS", "agent.models"),
            Map.entry("AGENT_TOOLS", "agent.tools.enabled"),
            Map.entry("AGENT_WORKSPACE", "agent.tools.workspace-root"),
            Map.entry("AGENT_TOOL_APPROVAL", "agent.tools.approval"),
            Map.entry("AGENT_TOOL_APPROVAL_TIMEOUT", "agent.tools.approval-timeout-seconds"),
            Map.entry("AGENT_MCP_CONFIG", "agent.mcp.config-file"),
            Map.entry("AGENT_PROMPT_CACHING", "agent.prompt-caching"),
            Map.entry("AGENT_CLAUDE_CODE_COMMAND", "agent.claude-code.command"),
            Map.entry("REDIS_URL", "live.redis-url"),
            Map.entry("INSTANCE_ID", "live.instance-id"),
            Map.entry("LIVE_OWNER_LEASE_SECONDS", "live.owner-lease-seconds"));

    private ConfigLoader() {
    }

    public static String profile(Map<String, String> env) {
        String fromProperty = System.getProperty("helidon.config.profile");
        String value = fromProperty != null ? fromProperty : env.getOrDefault("HELIDON_CONFIG_PROFILE", "dev");
        return value.isBlank() ? "dev" : value.trim();
    }

    public static Config load() {
        return load(System.getenv(), Map.of());
    }

    /**
     * @param env       the environment to read PROTOCOL.md's variables from
     * @param overrides keys that win over everything (tests use this)
     */
    public static Config load(Map<String, String> env, Map<String, String> overrides) {
        String profile = profile(env);
        Config files = Config.builder()
                .sources(fileSources())
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .build();
        Map<String, String> profileSection = files.get("profiles." + profile).detach().asMap().orElse(Map.of());

        Map<String, String> base = new LinkedHashMap<>(files.asMap().orElse(Map.of()));
        base.keySet().removeIf(key -> key.startsWith("profiles."));
        base.put("app.profile", profile);

        List<Supplier<? extends ConfigSource>> sources = List.of(
                ConfigSources.create(overrides),
                ConfigSources.create(environment(env)),
                ConfigSources.systemProperties(),
                ConfigSources.create(profileSection),
                ConfigSources.create(base));
        return Config.builder()
                .sources(sources)
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .build();
    }

    private static List<Supplier<? extends ConfigSource>> fileSources() {
        Path local = Path.of("application.yaml");
        if (Files.isRegularFile(local)) {
            return List.of(ConfigSources.file(local), ConfigSources.classpath("application.yaml"));
        }
        return List.of(ConfigSources.classpath("application.yaml"));
    }

    private static Map<String, String> environment(Map<String, String> env) {
        Map<String, String> keys = new LinkedHashMap<>();
        ENVIRONMENT.forEach((variable, key) -> {
            String value = env.get(variable);
            if (value != null && !value.isBlank()) {
                keys.put(key, value.trim());
            }
        });
        String provider = keys.getOrDefault("agent.provider", "");
        String agentKey = firstNonBlank(env.get("AGENT_API_KEY"),
                provider.equals("openai") ? env.get("OPENAI_API_KEY") : env.get("ANTHROPIC_API_KEY"));
        if (agentKey != null) {
            keys.put("agent.api-key", agentKey.trim());
        }
        return keys;
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
