package agentchat.live;

import agentchat.auth.ApiKeyAuth;
import agentchat.auth.Principal;
import agentchat.auth.WsTickets;
import agentchat.chats.Chat;
import agentchat.chats.Chats;
import agentchat.http.ErrorHandling;
import agentchat.http.Responses;
import agentchat.json.Json;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** POST /api/chats/{id}/ws-ticket: a single-use ticket to open the chat's socket without the key in a URL. */
final class TicketRoutes implements HttpService {

    private final Chats chats;
    private final WsTickets tickets;

    TicketRoutes(Chats chats, WsTickets tickets) {
        this.chats = chats;
        this.tickets = tickets;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/{id}/ws-ticket", this::issue)
                .any("/{id}/ws-ticket", ErrorHandling::methodNotAllowed);
    }

    private void issue(ServerRequest req, ServerResponse res) {
        Principal principal = ApiKeyAuth.principal(req);
        Chat chat = chats.get(principal, req.path().pathParameters().get("id"));
        WsTickets.Ticket ticket = tickets.issue(principal, chat.id());
        Responses.data(res, 201, Json.object()
                .add("ticket", ticket.ticket())
                .add("expiresAt", Json.timestamp(ticket.expiresAt()))
                .build());
    }
}
