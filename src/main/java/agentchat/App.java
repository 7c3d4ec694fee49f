package agentchat;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;

import agentchat.auth.ApiKeyAuth;
import agentchat.auth.AuthSettings;
import agentchat.auth.WsTickets;
import agentchat.chats.ChatRepository;
import agentchat.chats.ChatRoutes;
import agentchat.chats.Chats;
import agentchat.config.Limits;
import agentchat.db.Database;
import agentchat.db.DbSettings;
import agentchat.http.AccessLog;
import agentchat.http.ErrorHandling;
import agentchat.http.JsonBodies;
import agentchat.messages.MessageRepository;
import agentchat.messages.MessageRoutes;
import io.helidon.config.Config;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;

/**
 * Everything the server is made of, built once from configuration: the database, the repositories
 * and services over it, and the routing that exposes them. Main and the tests share it.
 */
public final class App implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(App.class.getName());

    private final Config config;
    private final Limits limits;
    private final AuthSettings auth;
    private final Database db;
    private final Chats chats;
    private final MessageRepository messages;
    private final WsTickets tickets;

    private App(Config config) {
        this.config = config;
        this.limits = Limits.from(config.get("limits"));
        this.auth = AuthSettings.from(config.get("auth"));
        DbSettings dbSettings = DbSettings.from(config.get("db"));
        if (dbSettings.url().isBlank()) {
            throw new IllegalStateException("No database configured: set DB_URL (and DB_USER, DB_PASSWORD)");
        }
        this.db = Database.open(dbSettings, config.get("db.statements"));
        Clock clock = Clock.systemUTC();
        this.messages = new MessageRepository(db);
        int recovered = messages.recoverInterrupted(clock.instant());
        if (recovered > 0) {
            LOG.log(Level.WARNING, "Marked " + recovered + " unfinished message(s) from a previous run as interrupted");
        }
        this.chats = new Chats(new ChatRepository(db), auth.visibility(), limits.titleChars(), clock);
        this.tickets = new WsTickets(Duration.ofSeconds(auth.ticketTtlSeconds()), clock);
    }

    public static App start(Config config) {
        return new App(config);
    }

    /** The key generated for this run when none was configured (dev only), or null. */
    public String generatedKey() {
        return auth.generatedKey();
    }

    public void configure(WebServerConfig.Builder server) {
        server.addRouting(httpRouting());
    }

    HttpRouting.Builder httpRouting() {
        HttpRouting.Builder routing = HttpRouting.builder();
        JsonBodies bodies = new JsonBodies(limits.bodyBytes());
        ApiKeyAuth apiKeyAuth = new ApiKeyAuth(auth.keys());
        ErrorHandling.register(routing);
        routing.addFilter(new AccessLog())
                .register("/health", new HealthRoutes(db))
                .any("/api", apiKeyAuth)
                .any("/api/*", apiKeyAuth)
                .register("/api/chats",
                        new ChatRoutes(chats, bodies, limits.pageSize(), limits.maxPageSize()),
                        new MessageRoutes(chats, messages, limits.pageSize(), limits.maxPageSize()))
                .any(ErrorHandling::notFound);
        return routing;
    }

    @Override
    public void close() {
        db.close();
    }
}
