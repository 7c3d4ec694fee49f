package agentchat.mcp;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import agentchat.agent.ToolSpec;
import agentchat.json.Json;
import agentchat.tools.ExternalTools;
import agentchat.tools.ToolOutput;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/**
 * The configured MCP servers, started in parallel at boot, and their tools as offered to the agent beside the
 * built-in ones ({@code mcp__<server>__<tool>}).
 */
public final class McpServers implements ExternalTools, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(McpServers.class.getName());

    private final List<McpServer> servers;
    private final McpSettings settings;
    private final long startedNanos = System.nanoTime();

    private McpServers(McpSettings settings) {
        this.settings = settings;
        this.servers = settings.servers().stream().map(config -> new McpServer(config, settings)).toList();
    }

    /** Starts every server on a thread of its own and returns at once. */
    public static McpServers start(McpSettings settings) {
        McpServers mcp = new McpServers(settings);
        mcp.servers.forEach(McpServer::start);
        return mcp;
    }

    /**
     * Waits until every server has come up or failed once, but no longer than the start timeout counted from
     * {@link #start}, so that a hung server delays the boot by that much at most (it is retried in the background).
     */
    public void awaitStarted() {
        long deadline = startedNanos + settings.startTimeout().toNanos();
        try {
            for (McpServer server : servers) {
                server.awaitFirstAttempt(deadline);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        servers.stream().filter(server -> server.status().state() == McpServer.State.STARTING)
                .forEach(server -> LOG.log(Level.WARNING, "MCP server " + server.name() + " is still starting after "
                        + settings.startTimeout().toMillis() + " ms; continuing without its tools for now"));
    }

    /** {@code {"<server>": {"state": "starting"|"up"|"down"|"stopped", "tools": n}}}. */
    public JsonObject health() {
        JsonObjectBuilder health = Json.object();
        for (McpServer server : servers) {
            McpServer.Status status = server.status();
            health.add(server.name(), Json.object().add("state", status.state().wire()).add("tools", status.tools()));
        }
        return health.build();
    }

    @Override
    public List<ExternalTool> tools() {
        List<ExternalTool> tools = new ArrayList<>();
        for (McpServer server : servers) {
            for (McpTool tool : server.tools()) {
                tools.add(new ExternalTool(new ToolSpec(tool.offeredName(), tool.description(), tool.inputSchema()),
                        "mcp:" + server.name(), tool.readOnly()));
            }
        }
        return tools;
    }

    @Override
    public Optional<String> unavailable(String name) {
        return servers.stream()
                .filter(server -> server.owns(name) && server.status().state() != McpServer.State.UP)
                .findFirst()
                .map(McpServer::unavailable);
    }

    @Override
    public ToolOutput call(ExternalTool tool, JsonObject input) throws InterruptedException {
        McpServer server = servers.stream().filter(s -> tool.source().equals("mcp:" + s.name())).findFirst().orElse(null);
        if (server == null) {
            return ToolOutput.error("Unknown tool: " + tool.spec().name());
        }
        return server.call(tool.spec().name(), input);
    }

    /** Stops every server (stdio ones with their process trees), in parallel. */
    @Override
    public void close() {
        List<Thread> stopping = servers.stream().map(server -> Thread.ofVirtual().start(server::stop)).toList();
        for (Thread thread : stopping) {
            try {
                thread.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
