package agentchat;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;

import agentchat.agent.AgentClient;
import agentchat.agent.AgentSettings;
import agentchat.agent.Agents;
import agentchat.auth.ApiKeyAuth;
import agentchat.auth.AuthSettings;
import agentchat.auth.WsTickets;
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
import agentchat.live.Approvals;
import agentchat.live.InProcessChatBus;
import agentchat.live.LiveChats;
import agentchat.live.Turns;
import agentchat.messages.MessageRepository;
import agentchat.messages.MessageRoutes;
import agentchat.models.ModelChoices;
import agentchat.models.ModelRoutes;
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
    private final AgentClient agent;
    private final LiveChats live;
    private final Duration shutdownGrace;
    private final ApiKeyAuth apiKeyAuth;
    private final Config openApiConfig;
    private final ModelChoices models;
    private final Clock clock;

    private App(Config config) {
        this.clock = Clock.systemUTC();
        this.openApiConfig = config.get("openapi");
        this.limits = Limits.from(config.get("limits"));
        this.auth = AuthSettings.from(config.get("auth"));
        this.apiKeyAuth = new ApiKeyAuth(auth.keys());
        this.shutdownGrace = Duration.ofSeconds(Math.min(10, config.get("shutdown.grace-period-seconds").asInt().orElse(10)));

        ToolSettings toolSettings = ToolSettings.from(config.get("agent.tools"));
        AgentSettings agentSettings = AgentSettings.from(config.get("agent"));
        DbSettings dbSettings = DbSettings.from(config.get("db"));
        if (dbSettings.url().isBlank()) {
            throw new IllegalStateException("No database configured: set DB_URL (and DB_USER, DB_PASSWORD)");
        }
        this.db = Database.open(dbSettings, config.get("db.statements"));
        this.messages = new MessageRepository(db);
        int recovered = messages.recoverInterrupted(clock.instant());
        if (recovered > 0) {
            LOG.log(Level.WARNING, "Marked " + recovered + " unfinished message(s) from a previous run as interrupted");
        }
        ChatRepository chatRepository = new ChatRepository(db);
        this.models = ModelChoices.from(config.get("agent.models"), agentSettings.provider(), agentSettings.model());
        this.chats = new Chats(chatRepository, new ChatSearch(db), auth.visibility(), limits.titleChars(), models,
                limits.systemPromptChars(), clock);
        Thread.ofVirtual().name("search-copies").start(() -> fillSearchCopies(chatRepository));

        Workspaces workspaces = Workspaces.from(toolSettings);
        Approvals approvals = new Approvals(toolSettings.approvalTimeout());
        this.agent = Agents.create(agentSettings, new Tools(toolSettings, workspaces, approvals));
        Turns turns = new Turns(new InProcessChatBus(), chatRepository, messages, agent, approvals,
                new Turns.Settings(agentSettings.configured(), Agents.NOT_CONFIGURED_MESSAGE,
                        config.get("live.flush-chars").asInt().orElse(4096),
                        Duration.ofMillis(config.get("live.flush-interval-ms").asLong().orElse(1000L)),
                        Duration.ofSeconds(config.get("live.store-retry-seconds").asLong().orElse(30L)), models),
                clock);
        chats.onDelete(turns::chatDeleted);
        chats.onDelete(chatId -> deleteWorkspace(workspaces, chatId));

        WsTickets tickets = new WsTickets(Duration.ofSeconds(auth.ticketTtlSeconds()), clock);
        this.live = new LiveChats(turns, approvals, limits, chats, apiKeyAuth, tickets,
                auth.allowedOrigins());
        LOG.log(Level.INFO, "Agent: " + agentSettings);
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

    /** The key generated for this run when none was configured (dev only), or null. */
    public String generatedKey() {
        return auth.generatedKey();
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
                .register("/health", new HealthRoutes(db));
        live.routes(routing);
        routing.any("/api", apiKeyAuth)
                .any("/api/*", apiKeyAuth)
                .register("/api/chats",
                        new ChatRoutes(chats, bodies, limits.pageSize(), limits.maxPageSize()),
                        new MessageRoutes(chats, messages, limits.pageSize(), limits.maxPageSize()),
                        new ExportRoutes(chats, messages, clock));
        routing.register("/api/models", new ModelRoutes(models));
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
        agent.close();
        db.close();
    }
}
