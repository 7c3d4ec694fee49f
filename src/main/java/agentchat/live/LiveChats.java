package agentchat.live;

import java.time.Duration;
import java.util.List;

import agentchat.attachments.Attachments;
import agentchat.auth.ApiKeyAuth;
import agentchat.auth.WsTickets;
import agentchat.chats.Chats;
import agentchat.config.Limits;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.websocket.WsRouting;

/** The live half of the API: the chat WebSocket, its tickets, and the turns behind them. */
public final class LiveChats {

    private final Turns turns;
    private final Approvals approvals;
    private final Limits limits;
    private final MessageInput input;
    private final Admissions admissions = new Admissions();
    private final WsUpgradePolicy policy;
    private final TicketRoutes ticketRoutes;

    public LiveChats(Turns turns, Approvals approvals, Limits limits, Attachments attachments, Chats chats, ApiKeyAuth keys,
                     WsTickets tickets, List<String> allowedOrigins) {
        this.turns = turns;
        this.approvals = approvals;
        this.limits = limits;
        this.input = new MessageInput(limits, attachments);
        this.policy = new WsUpgradePolicy(keys, tickets, chats, admissions, allowedOrigins);
        this.ticketRoutes = new TicketRoutes(chats, tickets);
    }

    /** The socket path's upgrade policy; it checks keys and tickets itself, so it goes before the /api gate. */
    public void routes(HttpRouting.Builder routing) {
        routing.get("/api/chats/{id}/ws", policy);
    }

    /** The ticket route, to register behind the /api key gate. */
    public void ticketRoutes(HttpRouting.Builder routing) {
        routing.register("/api/chats", ticketRoutes);
    }

    public WsRouting.Builder wsRouting() {
        return WsRouting.builder().endpoint("/api/chats/{id}/ws", () -> new ChatSocket(this));
    }

    /** Graceful stop: see {@link Turns#shutdown}; every socket gets its 1001 close frame before this returns. */
    public void shutdown(Duration grace) {
        turns.shutdown(grace);
    }

    Turns turns() {
        return turns;
    }

    Approvals approvals() {
        return approvals;
    }

    Limits limits() {
        return limits;
    }

    MessageInput input() {
        return input;
    }

    Admissions admissions() {
        return admissions;
    }
}
