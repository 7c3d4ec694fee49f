package agentchat.testing;

import java.util.HashMap;
import java.util.Map;

import agentchat.App;
import agentchat.config.ConfigLoader;
import agentchat.db.Database;
import agentchat.db.DbSettings;
import io.helidon.config.Config;
import io.helidon.webserver.WebServerConfig;

/**
 * The real application on a fresh database (H2 or MariaDB, per {@link TestDatabase}), configured
 * like production plus test keys: {@code alice-key} (principal alice) and {@code bob-key} (bob).
 */
public final class TestApp {

    public static final String ALICE = "alice-key";
    public static final String BOB = "bob-key";

    private final App app;
    private final TestDatabase.Target database;

    private TestApp(App app, TestDatabase.Target database) {
        this.app = app;
        this.database = database;
    }

    public static TestApp create() {
        return create(Map.of());
    }

    /** @param overrides configuration keys that win over application.yaml and the defaults here */
    public static TestApp create(Map<String, String> overrides) {
        return on(TestDatabase.fresh(), overrides);
    }

    /** Another application over an existing database, e.g. the same server started again after a crash. */
    public static TestApp on(TestDatabase.Target database, Map<String, String> overrides) {
        Config config = config(database, overrides);
        return new TestApp(App.start(config), database);
    }

    /** The database alone, migrated, with the application's named statements: for repository tests. */
    public static Database openDatabase(TestDatabase.Target database) {
        Config config = config(database, Map.of());
        return Database.open(DbSettings.from(config.get("db")), config.get("db.statements"));
    }

    private static Config config(TestDatabase.Target database, Map<String, String> overrides) {
        Map<String, String> keys = new HashMap<>();
        keys.put("db.url", database.url());
        keys.put("db.user", database.user());
        keys.put("db.password", database.password());
        keys.put("auth.api-keys-env", "alice=" + ALICE + ",bob=" + BOB);
        keys.put("agent.tools.workspace-root", System.getProperty("java.io.tmpdir") + "/agentchat-test-workspaces");
        keys.putAll(overrides);
        return ConfigLoader.load(Map.of(), keys);
    }

    public App app() {
        return app;
    }

    public TestDatabase.Target database() {
        return database;
    }

    public void configure(WebServerConfig.Builder server) {
        app.configure(server);
    }

    /** Releases the database pool and the agent (the database itself lives on). */
    public void close() {
        app.close();
    }
}
