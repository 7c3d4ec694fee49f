package agentchat;

import java.util.function.Supplier;

import agentchat.db.Database;
import agentchat.http.ErrorHandling;
import agentchat.http.Responses;
import agentchat.json.Json;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonObject;

/**
 * GET /health: public; 200 when the database answers, else 503. Either way it shows each MCP
 * server's state, and Redis ("off" for one instance, else "up" or "down"); Redis being down alone
 * does not make the server unhealthy: REST keeps working.
 */
final class HealthRoutes implements HttpService {

    private final Database db;
    private final Supplier<JsonObject> mcp;
    private final Supplier<String> redis;

    HealthRoutes(Database db, Supplier<JsonObject> mcp, Supplier<String> redis) {
        this.db = db;
        this.mcp = mcp;
        this.redis = redis;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::health)
                .any("/", ErrorHandling::methodNotAllowed);
    }

    private void health(ServerRequest req, ServerResponse res) {
        if (db.isHealthy()) {
            Responses.json(res, 200, Json.object().add("status", "ok").add("database", "up").add("mcp", mcp.get())
                    .add("redis", redis.get()).build());
        } else {
            Responses.json(res, 503, Json.object()
                    .add("error", "The database is unreachable")
                    .add("code", "DATABASE_UNAVAILABLE")
                    .add("status", 503)
                    .add("database", "down")
                    .add("mcp", mcp.get())
                    .add("redis", redis.get())
                    .build());
        }
    }
}
