package agentchat.attachments;

import java.util.Arrays;
import java.util.Locale;

import agentchat.auth.ApiKeyAuth;
import agentchat.chats.Chat;
import agentchat.chats.Chats;
import agentchat.config.Limits;
import agentchat.http.ApiException;
import agentchat.http.ErrorHandling;
import agentchat.http.RawBody;
import agentchat.http.Responses;
import agentchat.json.Json;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonObject;

/**
 * POST /api/chats/{id}/attachments (the raw image bytes) and GET /api/chats/{id}/attachments/{aid}
 * (the bytes again, cacheable by ETag). A chat the caller cannot see is a 404, like a missing one.
 */
public final class AttachmentRoutes implements HttpService {

    private final Chats chats;
    private final Attachments attachments;
    private final Limits limits;

    public AttachmentRoutes(Chats chats, Attachments attachments, Limits limits) {
        this.chats = chats;
        this.attachments = attachments;
        this.limits = limits;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/{id}/attachments", this::upload)
                .any("/{id}/attachments", ErrorHandling::methodNotAllowed)
                .get("/{id}/attachments/{attachmentId}", this::download)
                .any("/{id}/attachments/{attachmentId}", ErrorHandling::methodNotAllowed);
    }

    private void upload(ServerRequest req, ServerResponse res) {
        Chat chat = chats.get(ApiKeyAuth.principal(req), req.path().pathParameters().get("id"));
        String mimeType = req.headers().contentType()
                .map(type -> type.mediaType().text().toLowerCase(Locale.ROOT))
                .orElseThrow(() -> new ApiException(415, "UNSUPPORTED_MEDIA_TYPE",
                        "Content-Type must name the image type, one of: " + allowedTypes()));
        try {
            attachments.checkType(mimeType);
            byte[] bytes = RawBody.read(req, limits.imageBytes(), () -> refused(new RejectedImage(
                    RejectedImage.Reason.TOO_LARGE, "Image is larger than " + limits.imageBytes() + " bytes")));
            Attachments.Stored stored = attachments.store(chat.id(), mimeType, bytes);
            res.header(HeaderNames.LOCATION, stored.attachment().url());
            Responses.data(res, stored.created() ? 201 : 200, toJson(stored.attachment()));
        } catch (RejectedImage e) {
            throw refused(e);
        }
    }

    private void download(ServerRequest req, ServerResponse res) {
        Chat chat = chats.get(ApiKeyAuth.principal(req), req.path().pathParameters().get("id"));
        String attachmentId = req.path().pathParameters().get("attachmentId");
        Attachment attachment = attachments.find(chat.id(), attachmentId)
                .orElseThrow(() -> ApiException.notFound("Attachment"));
        String etag = "\"" + attachment.sha256() + "\"";
        res.header(HeaderNames.ETAG, etag);
        res.header(HeaderNames.CACHE_CONTROL, "private");
        res.header(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
        if (req.headers().first(HeaderNames.IF_NONE_MATCH).map(header -> matches(header, etag)).orElse(false)) {
            res.status(Status.NOT_MODIFIED_304).send();
            return;
        }
        byte[] bytes = attachments.data(chat.id(), attachment.id()).orElseThrow(() -> ApiException.notFound("Attachment"));
        res.header(HeaderNames.CONTENT_TYPE, attachment.mimeType());
        res.send(bytes);
    }

    /** If-None-Match: a list of entity tags (weak ones compare equal too) or {@code *}. */
    static boolean matches(String ifNoneMatch, String etag) {
        return Arrays.stream(ifNoneMatch.split(","))
                .map(String::trim)
                .map(tag -> tag.startsWith("W/") ? tag.substring(2) : tag)
                .anyMatch(tag -> tag.equals("*") || tag.equals(etag));
    }

    private ApiException refused(RejectedImage e) {
        return switch (e.reason()) {
            case TOO_LARGE -> new ApiException(413, "PAYLOAD_TOO_LARGE", e.getMessage());
            case TYPE_NOT_ALLOWED, NOT_OF_THAT_TYPE -> new ApiException(415, "UNSUPPORTED_MEDIA_TYPE", e.getMessage());
            case EMPTY -> ApiException.validation("The body is empty: send the image bytes");
        };
    }

    private String allowedTypes() {
        return String.join(", ", limits.imageTypes().stream().sorted().toList());
    }

    static JsonObject toJson(Attachment attachment) {
        return Json.object()
                .add("id", attachment.id())
                .add("chatId", attachment.chatId())
                .add("mimeType", attachment.mimeType())
                .add("size", attachment.size())
                .add("sha256", attachment.sha256())
                .add("url", attachment.url())
                .add("createdAt", Json.timestamp(attachment.createdAt()))
                .build();
    }
}
