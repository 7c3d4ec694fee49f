package agentchat;

import java.lang.System.Logger.Level;

import agentchat.auth.DevKey;
import agentchat.config.ConfigLoader;
import io.helidon.config.Config;
import io.helidon.logging.common.LogConfig;
import io.helidon.webserver.WebServer;

/** Wires configuration → application (database, services, routing) → web server. */
public final class Main {

    private static final System.Logger LOG = System.getLogger(Main.class.getName());

    private Main() {
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return e.getMessage() + (root == e ? "" : " (" + root.getMessage() + ")");
    }

    public static void main(String[] args) {
        long mainNanos = System.nanoTime();
        LogConfig.configureRuntime();
        Config config = ConfigLoader.load();
        long configNanos = System.nanoTime();
        App app;
        try {
            app = App.start(config);
        } catch (IllegalStateException | IllegalArgumentException e) {
            System.err.println("agentchat: cannot start: " + e.getMessage());
            System.exit(2);
            return;
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "agentchat: cannot start", e);
            System.err.println("agentchat: cannot start: " + rootMessage(e));
            System.exit(1);
            return;
        }
        long appNanos = System.nanoTime();
        WebServer server = WebServer.builder()
                .config(config.get("server"))
                .shutdownHook(false)
                .update(app::configure)
                .build()
                .start();
        long serverNanos = System.nanoTime();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.log(Level.INFO, "Shutting down: finishing running replies, then closing sockets");
            app.shutdown();
            server.stop();
            app.close();
        }, "agentchat-shutdown"));
        DevKey devKey = app.devKey();
        if (devKey != null) {
            String origin = devKey.reused() ? "using the key generated at an earlier start"
                    : devKey.file().isPresent() ? "generated one" : "generated one for this run";
            String kept = devKey.file().map(file -> "It is kept in " + file + " (readable by you only) and reused until "
                    + "you configure keys.\n").orElse("");
            System.out.println("""

                    No API key configured (dev profile): %s:

                        %s

                    Use it as "Authorization: Bearer <key>". %sSet API_KEYS to choose your own.
                    """.formatted(origin, devKey.key(), kept));
        }
        LOG.log(Level.INFO, "agentchat listening on http://" + config.get("server.host").asString().orElse("0.0.0.0")
                + ":" + server.port());
        LOG.log(Level.INFO, "Started in " + millisSinceProcessStart() + " ms (JVM to main "
                + (millisSinceProcessStart() - (System.nanoTime() - mainNanos) / 1_000_000) + " ms, configuration "
                + (configNanos - mainNanos) / 1_000_000 + " ms, database and services "
                + (appNanos - configNanos) / 1_000_000 + " ms [" + app.startupPhases() + "], web server "
                + (serverNanos - appNanos) / 1_000_000 + " ms)");
    }

    /** Since the process started (the operating system's start time, to the millisecond). */
    private static long millisSinceProcessStart() {
        return ProcessHandle.current().info().startInstant()
                .map(start -> java.time.Duration.between(start, java.time.Instant.now()).toMillis())
                .orElse(-1L);
    }
}
