package agentchat.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;

import agentchat.auth.ApiKeyAuth;
import agentchat.chats.Chat;
import agentchat.chats.Chats;
import agentchat.http.ApiException;
import agentchat.http.ErrorHandling;
import agentchat.http.QueryFlag;
import agentchat.json.Json;
import agentchat.messages.Message;
import agentchat.messages.MessageJson;
import agentchat.messages.MessageRepository;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * GET /api/chats/{id}/export?format=markdown|json: the whole chat as a file to download. Written
 * while it is read, a batch of messages at a time, so a long chat needs neither much memory nor a
 * database connection held while a slow client downloads.
 */
public final class ExportRoutes implements HttpService {

    private static final int BATCH = 200;

    private enum Format {
        MARKDOWN("text/markdown; charset=utf-8", "md"),
        JSON("application/json; charset=utf-8", "json");

        final String contentType;
        final String extension;

        Format(String contentType, String extension) {
            this.contentType = contentType;
            this.extension = extension;
        }

        static Format parse(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "markdown", "md" -> MARKDOWN;
                case "json" -> JSON;
                default -> throw ApiException.validation("format must be markdown or json");
            };
        }
    }

    private final Chats chats;
    private final MessageRepository messages;
    private final Clock clock;

    public ExportRoutes(Chats chats, MessageRepository messages, Clock clock) {
        this.chats = chats;
        this.messages = messages;
        this.clock = clock;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{id}/export", this::export)
                .any("/{id}/export", ErrorHandling::methodNotAllowed);
    }

    private void export(ServerRequest req, ServerResponse res) {
        Chat chat = chats.get(ApiKeyAuth.principal(req), req.path().pathParameters().get("id"));
        Format format = Format.parse(req.query().first("format").orElse("markdown"));
        // JSON holds the images' bytes as GET .../messages does, one message's at a time, unless ?imageData=false
        boolean imageData = format == Format.JSON && QueryFlag.read(req.query(), "imageData", true);
        // the first batch is read before anything is sent, so that a database failure is still a JSON error
        MessageRepository.Batch batch = messages.after(chat.id(), 0, BATCH);
        res.header(HeaderNames.CONTENT_TYPE, format.contentType);
        res.header(HeaderNames.CONTENT_DISPOSITION, ExportFilename.contentDisposition(chat.title(), format.extension));
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        try (Writer out = new BufferedWriter(new OutputStreamWriter(res.outputStream(), StandardCharsets.UTF_8))) {
            out.write(format == Format.JSON
                    ? "{\"chat\":" + Json.write(chat.toJson()) + ",\"messages\":["
                    : MarkdownExport.header(chat, clock.instant()));
            boolean first = true;
            while (true) {
                for (Message message : batch.messages()) {
                    if (format == Format.JSON) {
                        Message shown = imageData ? messages.withImages(message) : message;
                        out.write((first ? "" : ",") + Json.write(MessageJson.toJson(shown)));
                    } else {
                        out.write(MarkdownExport.message(message));
                    }
                    first = false;
                }
                if (batch.messages().size() < BATCH) {
                    break;
                }
                batch = messages.after(chat.id(), batch.lastSeq(), BATCH);
            }
            if (format == Format.JSON) {
                out.write("]}");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
