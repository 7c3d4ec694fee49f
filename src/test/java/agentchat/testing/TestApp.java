package agentchat.testing;

import java.util.HashMap;
import java.util.Map;

import agentchat.App;
import agentchat.config.ConfigLoader;
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
        TestDatabase.Target database = TestDatabase.fresh();
        Map<String, String> keys = new HashMap<>();
        keys.put("db.url", database.url());
        keys.put("db.user", database.user());
        keys.put("db.password", database.password());
        keys.put("auth.api-keys-env", "alice=" + ALICE + ",bob=" + BOB);
        keys.put("agent.tools.workspace-root", System.getProperty("java.io.tmpdir") + "/agentchat-test-workspaces");
        keys.putAll(overrides);
        Config config = ConfigLoader.load(Map.of(), keys);
        return new TestApp(App.start(config), database);
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
}
