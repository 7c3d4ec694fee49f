package agentchat.db;

import io.helidon.config.Config;

/** Where the database is and how many connections to keep; read from the {@code db} node. */
public record DbSettings(String url, String user, String password, int poolSize, long connectionTimeoutMs) {

    public static DbSettings from(Config db) {
        return new DbSettings(
                db.get("url").asString().get(),
                db.get("user").asString().orElse(""),
                db.get("password").asString().orElse(""),
                db.get("pool.max-size").asInt().orElse(10),
                db.get("pool.connection-timeout-ms").asLong().orElse(3000L));
    }

    /** The URL without credentials-looking parameters, for logs. */
    public String redactedUrl() {
        return url.replaceAll("(?i)(password|pwd)=[^;&]*", "$1=***");
    }
}
