package agentchat;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import agentchat.agent.AgentClient;
import agentchat.agent.AgentSettings;
import agentchat.agent.Agents;
import agentchat.agent.claudecode.ClaudeCodeClient;
import agentchat.agent.claudecode.ClaudeCodeSettings;
import agentchat.attachments.AttachmentRepository;
import agentchat.attachments.AttachmentRoutes;
import agentchat.attachments.Attachments;
import agentchat.auth.ApiKeyAuth;
import agentchat.auth.AuthSettings;
import agentchat.auth.DevKey;
import agentchat.chats.ChatRepository;
import agentchat.chats.ChatRoutes;
import agentchat.chats.ChatSearch;
import agentchat.chats.Chats;
import agentchat.config.Limits;
import agentchat.db.Database;
import agentchat.db.DbSettings;
import agentchat.export.ExportRoutes;
import agentchat.http.AccessLog;
import agentchat.http.ErrorHandling;
import agentchat.http.JsonBodies;
import agentchat.http.SecurityHeaders;
import agentchat.live.Approvals;
import agentchat.live.ChatBus;
import agentchat.live.LiveChats;
import agentchat.live.Turns;
import agentchat.mcp.McpServers;
import agentchat.mcp.McpSettings;
import agentchat.messages.MessageRepository;
import agentchat.messages.MessageRewrites;
import agentchat.messages.MessageRoutes;
import agentchat.models.ModelChoices;
import agentchat.models.ModelRoutes;
import agentchat.redis.RedisSettings;
import agentchat.tools.ToolRoutes;
import agentchat.tools.ToolSettings;
import agentchat.tools.Tools;
import agentchat.tools.Workspaces;
import io.helidon.config.Config;
import io.helidon.openapi.OpenApiFeature;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.staticcontent.StaticContentService;

/**
 * Everything the server is made of, built once from configuration: the database, the repositories
 * and services over it, the agent, and the routing that exposes them. Main and the tests share it.
 */
public final class App implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(App.class.getName());

    private final Limits limits;
    private final AuthSettings auth;
    private final Database db;
    private final Chats chats;
    private final MessageRepository messages;
    private final Attachments attachments;
    private final AgentClient agent;
    private final McpServers mcp;
    private final Tools tools;
    private final LiveChats live;
    private final Duration shutdownGrace;
    private final ApiKeyAuth apiKeyAuth;
    private final Config openApiConfig;
    private final ModelChoices models;
    private final Clock clock;
    private final LiveState liveState;
    private final String startupPhases;

    private App(Config config) {
        long startNanos = System.nanoTime();
        this.clock = Clock.systemUTC();
        this.openApiConfig = config.get("openapi");
        this.limits = Limits.from(config.get("limits"));
        this.auth = AuthSettings.from(config.get("auth"));
        this.apiKeyAuth = new ApiKeyAuth(auth.keys());
        this.shutdownGrace = Duration.ofSeconds(Math.min(10, config.get("shutdown.grace-period-seconds").asInt().orElse(10)));

        ToolSettings toolSettings = ToolSettings.from(config.get("agent.tools"));
        AgentSettings agentSettings = AgentSettings.from(config.get("agent"));
        DbSettings dbSettings = DbSettings.from(config.get("db"));
        Optional<RedisSettings> redisSettings = RedisSettings.from(config.get("live")); // a wrong value stops the start before anything runs
        if (dbSettings.url().isBlank()) {
            throw new IllegalStateException("No database configured: set DB_URL (and DB_USER, DB_PASSWORD)");
        }
        // MCP servers start in the background while the database opens; App waits for them at the end.
        this.mcp = McpServers.start(McpSettings.from(config.get("agent.mcp")));
        long dbNanos = System.nanoTime();
        try {
            this.db = Database.open(dbSettings, config.get("db.statements"));
        } catch (RuntimeException e) {
            mcp.close();
            throw e;
        }
        long dbReadyNanos = System.nanoTime();
        AttachmentRepository attachmentRepository = new AttachmentRepository(db);
        this.attachments = new Attachments(attachmentRepository, limits, clock);
        this.messages = new MessageRepository(db, attachmentRepository);
        ChatRepository chatRepository = new ChatRepository(db);
        this.models = ModelChoices.from(config.get("agent.models"), agentSettings.provider(), agentSettings.model());
        this.chats = new Chats(chatRepository, new ChatSearch(db), auth.visibility(), limits.titleChars(), models,
                limits.systemPromptChars(), clock);
        Thread.ofVirtual().name("search-copies").start(() -> fillSearchCopies(chatRepository));

        this.liveState = LiveState.choose(redisSettings,
                Duration.ofSeconds(auth.ticketTtlSeconds()), messages, clock);
        ChatBus bus = liveState.bus();

        Workspaces workspaces = Workspaces.from(toolSettings);
        Approvals approvals = new Approvals(bus, toolSettings.approvalTimeout());
        // images a tool returns are attachments of the chat, like the user's
        this.tools = new Tools(toolSettings, workspaces, approvals, mcp,
                (chatId, mimeType, bytes) -> attachments.store(chatId, mimeType, bytes).attachment().asImage());
        this.agent = Agents.create(agentSettings, tools,
                new ClaudeCodeClient.Context(ClaudeCodeSettings.from(config.get("agent"), agentSettings, toolSettings),
                        workspaces, approvals));
        Turns turns = new Turns(bus, liveState.leases(), chatRepository, messages, new MessageRewrites(db), agent,
                new Turns.Settings(agentSettings.configured(), Agents.NOT_CONFIGURED_MESSAGE,
                        config.get("live.flush-chars").asInt().orElse(4096),
                        Duration.ofMillis(config.get("live.flush-interval-ms").asLong().orElse(1000L)),
                        Duration.ofSeconds(config.get("live.store-retry-seconds").asLong().orElse(30L)), models),
                clock);
        chats.onDelete(turns::chatDeleted);
        chats.onDelete(chatId -> deleteWorkspace(workspaces, chatId));
        chats.onDelete(agent::chatDeleted);

        this.live = new LiveChats(turns, approvals, limits, attachments, chats, apiKeyAuth, liveState.tickets(),
                auth.allowedOrigins());
        LOG.log(Level.INFO, "Agent: " + agentSettings);
        long mcpNanos = System.nanoTime();
        mcp.awaitStarted();
        long end = System.nanoTime();
        this.startupPhases = "database " + (dbReadyNanos - dbNanos) / 1_000_000 + " ms (" + db.openedIn()
                + "), the rest " + ((dbNanos - startNanos) + (mcpNanos - dbReadyNanos)) / 1_000_000
                + " ms, waiting for MCP servers " + (end - mcpNanos) / 1_000_000 + " ms";
    }

    /** Where the start went, for the log line of Main. */
    String startupPhases() {
        return startupPhases;
    }

    /** Chats and messages stored before search existed get their search copies, in the background. */
    private void fillSearchCopies(ChatRepository chatRepository) {
        try {
            int titles = chatRepository.fillSearchTitles();
            int texts = messages.fillSearchCopies();
            if (titles + texts > 0) {
                LOG.log(Level.INFO, "Search: indexed " + titles + " chat title(s) and " + texts + " message(s) stored before");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Search: could not index older chats and messages; they are retried at the next start", e);
        }
    }

    /** Best effort: files a tool made undeletable must not keep the chat itself from being deleted. */
    private static void deleteWorkspace(Workspaces workspaces, String chatId) {
        try {
            workspaces.deleteChat(chatId);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not delete the workspace of chat " + chatId + "; delete it by hand", e);
        }
    }

    public static App start(Config config) {
        return new App(config);
    }

    /** The live half: sockets, turns and their bus (tests drive its socket listener directly). */
    public LiveChats live() {
        return live;
    }

    /** The generated key when none was configured (dev only), or null. */
    public DevKey devKey() {
        return auth.devKey();
    }

    public void configure(WebServerConfig.Builder server) {
        server.addRouting(httpRouting()).addRouting(live.wsRouting());
        // /openapi (META-INF/openapi.yaml); weight above the routing's 100 so our catch-all 404 does not shadow it
        server.addFeature(OpenApiFeature.builder().config(openApiConfig).weight(110).build());
    }

    HttpRouting.Builder httpRouting() {
        HttpRouting.Builder routing = HttpRouting.builder();
        JsonBodies bodies = new JsonBodies(limits.bodyBytes());
        ErrorHandling.register(routing);
        routing.addFilter(new AccessLog())
                .addFilter(new SecurityHeaders())
                .register("/health", new HealthRoutes(db, mcp::health, liveState::redisHealth));
        live.routes(routing);
        routing.any("/api", apiKeyAuth)
                .any("/api/*", apiKeyAuth)
                .register("/api/chats",
                        new ChatRoutes(chats, bodies, limits.pageSize(), limits.maxPageSize()),
                        new MessageRoutes(chats, messages, limits.pageSize(), limits.maxPageSize()),
                        new AttachmentRoutes(chats, attachments, limits),
                        new ExportRoutes(chats, messages, clock))
                .register("/api/tools", new ToolRoutes(tools))
                .register("/api/models", new ModelRoutes(models));
        live.ticketRoutes(routing);
        routing.register("/", StaticContentService.builder("web").welcomeFileName("index.html").build())
                .any(ErrorHandling::notFound);
        return routing;
    }

    /** Graceful stop of the live part: running turns finish or are cancelled and stored, sockets close with 1001. */
    public void shutdown() {
        live.shutdown(shutdownGrace);
    }

    @Override
    public void close() {
        try {
            liveState.close();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "Could not release the live state cleanly", e);
        }
        agent.close();
        mcp.close();
        db.close();
    }
}
