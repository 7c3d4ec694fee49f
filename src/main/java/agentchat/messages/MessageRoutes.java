package agentchat.messages;

import agentchat.auth.ApiKeyAuth;
import agentchat.chats.Chat;
import agentchat.chats.Chats;
import agentchat.db.Page;
import agentchat.http.ErrorHandling;
import agentchat.http.Paging;
import agentchat.http.QueryFlag;
import agentchat.http.Responses;
import agentchat.json.Json;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * GET /api/chats/{id}/messages: the finished messages of a chat, oldest first; image parts carry
 * their bytes as {@code imageData} unless {@code ?imageData=false}.
 */
public final class MessageRoutes implements HttpService {

    private final Chats chats;
    private final MessageRepository messages;
    private final int defaultPageSize;
    private final int maxPageSize;

    public MessageRoutes(Chats chats, MessageRepository messages, int defaultPageSize, int maxPageSize) {
        this.chats = chats;
        this.messages = messages;
        this.defaultPageSize = defaultPageSize;
        this.maxPageSize = maxPageSize;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{id}/messages", this::list)
                .any("/{id}/messages", ErrorHandling::methodNotAllowed);
    }

    private void list(ServerRequest req, ServerResponse res) {
        Chat chat = chats.get(ApiKeyAuth.principal(req), req.path().pathParameters().get("id"));
        Paging paging = Paging.from(req.query(), defaultPageSize, maxPageSize);
        boolean imageData = QueryFlag.read(req.query(), "imageData", true);
        Page<Message> page = messages.list(chat.id(), paging, imageData);
        var data = Json.array();
        page.items().forEach(message -> data.add(MessageJson.toJson(message)));
        Responses.json(res, 200, Json.object().add("data", data).add("total", page.total()).build());
    }
}
