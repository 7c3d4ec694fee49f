package agentchat.db;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.helidon.config.Config;

/** Where the database is and how many connections to keep; read from the {@code db} node. */
public record DbSettings(String url, String user, String password, int poolSize, long connectionTimeoutMs) {

    /** What the shared SQL needs of H2: MariaDB syntax, lower-case names as MariaDB reports them, NULLs last. */
    private static final List<Map.Entry<String, String>> H2_OPTIONS = List.of(
            Map.entry("MODE", "MariaDB"),
            Map.entry("DATABASE_TO_LOWER", "TRUE"),
            Map.entry("DEFAULT_NULL_ORDERING", "HIGH"));

    public static DbSettings from(Config db) {
        return new DbSettings(
                h2Compatible(db.get("url").asString().get()),
                db.get("user").asString().orElse(""),
                db.get("password").asString().orElse(""),
                db.get("pool.max-size").asInt().orElse(10),
                db.get("pool.connection-timeout-ms").asLong().orElse(3000L));
    }

    /**
     * An H2 URL with the options of {@link #H2_OPTIONS} it lacks added (so {@code jdbc:h2:file:/srv/chat}
     * works), and a relative file path given its {@code ./} (H2 refuses {@code file:data/chat}).
     * An option set to something else is refused, naming what is needed. Other URLs are unchanged.
     */
    static String h2Compatible(String url) {
        if (!url.regionMatches(true, 0, "jdbc:h2:", 0, "jdbc:h2:".length())) {
            return url;
        }
        String[] parts = url.split(";");
        Map<String, String> given = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            int equals = parts[i].indexOf('=');
            if (equals > 0) {
                given.put(parts[i].substring(0, equals).trim().toUpperCase(Locale.ROOT), parts[i].substring(equals + 1).trim());
            }
        }
        StringBuilder compatible = new StringBuilder(relativeFileWithDot(parts[0]));
        for (int i = 1; i < parts.length; i++) {
            compatible.append(';').append(parts[i]);
        }
        H2_OPTIONS.forEach(entry -> {
            String option = entry.getKey();
            String value = entry.getValue();
            String set = given.get(option);
            if (set == null) {
                compatible.append(';').append(option).append('=').append(value);
            } else if (!set.equalsIgnoreCase(value)) {
                throw new IllegalStateException("DB_URL sets " + option + "=" + set + ", but agentchat needs "
                        + option + "=" + value + " on H2 (with MODE=MariaDB;DATABASE_TO_LOWER=TRUE;"
                        + "DEFAULT_NULL_ORDERING=HIGH, which are added when absent)");
            }
        });
        return compatible.toString();
    }

    private static String relativeFileWithDot(String base) {
        String prefix = "jdbc:h2:file:";
        if (!base.regionMatches(true, 0, prefix, 0, prefix.length())) {
            return base;
        }
        String path = base.substring(prefix.length());
        boolean relative = !path.isEmpty() && !path.startsWith("/") && !path.startsWith(".") && !path.startsWith("~")
                && !path.matches("^[A-Za-z]:[/\\\\].*");
        return relative ? base.substring(0, prefix.length()) + "./" + path : base;
    }

    /** The URL without credentials-looking parameters, for logs. */
    public String redactedUrl() {
        return url.replaceAll("(?i)(password|pwd)=[^;&]*", "$1=***");
    }
}
