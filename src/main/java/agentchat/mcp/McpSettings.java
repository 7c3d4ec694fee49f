package agentchat.mcp;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.helidon.config.Config;

/**
 * Settings of the MCP client (config node {@code agent.mcp}).
 *
 * @param servers          the servers of {@code servers} (YAML, by name) then of {@code config-file} (JSON, env
 *                         {@code AGENT_MCP_CONFIG}, in file order); a name in both takes the file's entry
 * @param startTimeout     how long one start (process or connection, {@code initialize}, every page of
 *                         {@code tools/list}) may take; also the most the server's own start waits for them
 * @param callTimeout      how long one tool call may take before it counts as failed and is cancelled
 * @param restartBaseDelay first wait before a failed or dead server is started again (doubling per failure)
 * @param restartMaxDelay  longest wait between restarts
 * @param pingInterval     how often an HTTP server is pinged, so that one that went away is noticed
 */
public record McpSettings(List<McpServerConfig> servers,
                          Duration startTimeout,
                          Duration callTimeout,
                          Duration restartBaseDelay,
                          Duration restartMaxDelay,
                          Duration pingInterval) {

    public McpSettings {
        servers = List.copyOf(servers);
        Set<String> prefixes = new HashSet<>();
        for (McpServerConfig server : servers) {
            if (!prefixes.add(McpToolNames.serverPrefix(server.name()))) {
                throw new IllegalArgumentException("MCP server names must differ after cleaning (characters outside "
                        + "[A-Za-z0-9_-] become _): " + server.name());
            }
        }
        for (Duration duration : List.of(startTimeout, callTimeout, restartBaseDelay, restartMaxDelay, pingInterval)) {
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("agent.mcp timeouts and delays must be positive: " + duration);
            }
        }
    }

    public static McpSettings none() {
        return from(Config.empty());
    }

    /** Reads the {@code agent.mcp} node; missing keys take their defaults. */
    public static McpSettings from(Config node) {
        Map<String, McpServerConfig> servers = new LinkedHashMap<>();
        for (McpServerConfig server : fromYaml(node.get("servers"))) {
            servers.put(server.name(), server);
        }
        node.get("config-file").asString().filter(file -> !file.isBlank())
                .ifPresent(file -> McpConfigFile.read(Path.of(file)).forEach(server -> servers.put(server.name(), server)));
        return new McpSettings(new ArrayList<>(servers.values()),
                Duration.ofMillis(Math.round(node.get("start-timeout-seconds").asDouble().orElse(10.0) * 1000)),
                Duration.ofMillis(Math.round(node.get("call-timeout-seconds").asDouble().orElse(120.0) * 1000)),
                Duration.ofMillis(node.get("restart-base-delay-ms").asLong().orElse(1000L)),
                Duration.ofMillis(node.get("restart-max-delay-ms").asLong().orElse(60_000L)),
                Duration.ofMillis(Math.round(node.get("ping-interval-seconds").asDouble().orElse(30.0) * 1000)));
    }

    /** The restart delay after {@code failures} failures in a row: base, 2×base, 4×base, ... up to the maximum. */
    Duration restartDelay(int failures) {
        long factor = 1L << Math.min(20, Math.max(0, failures - 1));
        Duration delay = restartBaseDelay.multipliedBy(factor);
        return delay.compareTo(restartMaxDelay) > 0 ? restartMaxDelay : delay;
    }

    private static List<McpServerConfig> fromYaml(Config servers) {
        List<McpServerConfig> configs = new ArrayList<>();
        if (!servers.exists()) {
            return configs;
        }
        // by name: the flattened configuration keeps no order of its own
        List<Config> nodes = servers.asNodeList().orElse(List.of()).stream()
                .sorted(Comparator.comparing(Config::name)).toList();
        for (Config server : nodes) {
            String name = server.name();
            Optional<String> url = server.get("url").asString().filter(s -> !s.isBlank());
            if (url.isPresent() && !server.get("command").exists()) {
                configs.add(McpServerConfig.http(name, URI.create(url.get()), strings(server.get("headers"))));
            } else {
                configs.add(new McpServerConfig(name, server.get("command").asString().orElse(null),
                        server.get("args").exists() ? server.get("args").asList(String.class).get() : List.of(),
                        strings(server.get("env")),
                        server.get("cwd").asString().filter(s -> !s.isBlank()).map(Path::of),
                        url.map(URI::create).orElse(null), strings(server.get("headers"))));
            }
        }
        return configs;
    }

    private static Map<String, String> strings(Config node) {
        Map<String, String> map = new LinkedHashMap<>();
        node.asNodeList().orElse(List.of()).forEach(entry -> map.put(entry.name(), entry.asString().orElse("")));
        return map;
    }
}
