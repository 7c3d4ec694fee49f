package agentchat.tools;

import agentchat.http.ErrorHandling;
import agentchat.http.Responses;
import agentchat.json.Json;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonArrayBuilder;

/** GET /api/tools: the tools offered to the model now, built-in and MCP, with whether each asks for approval. */
public final class ToolRoutes implements HttpService {

    private final Tools tools;

    public ToolRoutes(Tools tools) {
        this.tools = tools;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .any("/", ErrorHandling::methodNotAllowed);
    }

    private void list(ServerRequest req, ServerResponse res) {
        JsonArrayBuilder data = Json.array();
        tools.offered().forEach(tool -> data.add(Json.object()
                .add("name", tool.name())
                .add("description", tool.description())
                .add("source", tool.source())
                .add("needsApproval", tool.needsApproval())));
        Responses.json(res, 200, Json.object().add("data", data).build());
    }
}
