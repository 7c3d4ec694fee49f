package agentchat.models;

import agentchat.http.ErrorHandling;
import agentchat.http.Responses;
import agentchat.json.Json;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** GET /api/models: the models a chat may pick, the default one marked. */
public final class ModelRoutes implements HttpService {

    private final ModelChoices choices;

    public ModelRoutes(ModelChoices choices) {
        this.choices = choices;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .any("/", ErrorHandling::methodNotAllowed);
    }

    private void list(ServerRequest req, ServerResponse res) {
        var data = Json.array();
        choices.ids().forEach(id -> data.add(Json.object()
                .add("id", id)
                .add("provider", choices.provider())
                .add("default", id.equals(choices.defaultModel()))));
        Responses.data(res, 200, data.build());
    }
}
