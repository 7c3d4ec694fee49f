package agentchat.chats;

import java.util.Optional;

import agentchat.auth.ApiKeyAuth;
import agentchat.auth.Principal;
import agentchat.db.Page;
import agentchat.http.ApiException;
import agentchat.http.ErrorHandling;
import agentchat.http.JsonBodies;
import agentchat.http.Paging;
import agentchat.http.Responses;
import agentchat.json.Json;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/** REST routes of /api/chats and /api/chats/{id}. */
public final class ChatRoutes implements HttpService {

    private final Chats chats;
    private final JsonBodies bodies;
    private final int defaultPageSize;
    private final int maxPageSize;

    public ChatRoutes(Chats chats, JsonBodies bodies, int defaultPageSize, int maxPageSize) {
        this.chats = chats;
        this.bodies = bodies;
        this.defaultPageSize = defaultPageSize;
        this.maxPageSize = maxPageSize;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .post("/", this::create)
                .any("/", ErrorHandling::methodNotAllowed)
                .get("/{id}", this::get)
                .patch("/{id}", this::update)
                .delete("/{id}", this::delete)
                .any("/{id}", ErrorHandling::methodNotAllowed);
    }

    /** The chats, or with {@code ?q=} those that contain the text (an empty {@code q} lists them all). */
    private void list(ServerRequest req, ServerResponse res) {
        Paging paging = Paging.from(req.query(), defaultPageSize, maxPageSize);
        String query = req.query().first("q").orElse("");
        var data = Json.array();
        long total;
        if (query.isEmpty()) {
            Page<Chat> page = chats.list(ApiKeyAuth.principal(req), paging);
            page.items().forEach(chat -> data.add(chat.toJson()));
            total = page.total();
        } else {
            Page<ChatSearch.Hit> page = chats.search(ApiKeyAuth.principal(req), query, paging);
            page.items().forEach(hit -> data.add(hit.toJson()));
            total = page.total();
        }
        Responses.json(res, 200, Json.object().add("data", data).add("total", total).build());
    }

    private void create(ServerRequest req, ServerResponse res) {
        Optional<String> title = bodies.readObject(req).flatMap(ChatRoutes::title);
        Responses.data(res, 201, chats.create(ApiKeyAuth.principal(req), title).toJson());
    }

    private void get(ServerRequest req, ServerResponse res) {
        Responses.data(res, 200, chats.get(ApiKeyAuth.principal(req), req.path().pathParameters().get("id")).toJson());
    }

    private void update(ServerRequest req, ServerResponse res) {
        Principal principal = ApiKeyAuth.principal(req);
        String id = req.path().pathParameters().get("id");
        chats.get(principal, id);
        ChatChanges changes = bodies.readObject(req).map(ChatRoutes::changes).orElse(ChatChanges.NONE);
        Responses.data(res, 200, chats.update(principal, id, changes).toJson());
    }

    private void delete(ServerRequest req, ServerResponse res) {
        chats.delete(ApiKeyAuth.principal(req), req.path().pathParameters().get("id"));
        res.status(204).send();
    }

    private static ChatChanges changes(JsonObject body) {
        return new ChatChanges(title(body), resettable(body, "model"), resettable(body, "systemPrompt"));
    }

    /** A field that null sets back to the default: absent is "not given", null is empty, else a string. */
    private static Optional<Optional<String>> resettable(JsonObject body, String name) {
        JsonValue value = body.get(name);
        if (value == null) {
            return Optional.empty();
        }
        return switch (value.getValueType()) {
            case NULL -> Optional.of(Optional.empty());
            case STRING -> Optional.of(Optional.of(body.getString(name)));
            default -> throw ApiException.validation(name + " must be a string or null");
        };
    }

    /** {@code title} of a body: absent or null means "not given"; anything but a string is invalid. */
    private static Optional<String> title(JsonObject body) {
        JsonValue value = body.get("title");
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return Optional.empty();
        }
        if (value.getValueType() != JsonValue.ValueType.STRING) {
            throw ApiException.validation("title must be a string");
        }
        return Optional.of(body.getString("title"));
    }
}
