package agentchat.testing;

import java.nio.charset.StandardCharsets;

import agentchat.json.Json;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.http1.Http1Client;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/** A thin client for tests: one call, one {@link Reply} with the status and the parsed JSON body. */
public final class Api {

    private final Http1Client client;

    public Api(Http1Client client) {
        this.client = client;
    }

    public record Reply(int status, String contentType, String text) {

        public JsonObject json() {
            return Json.parseObject(text);
        }

        public JsonObject data() {
            return json().getJsonObject("data");
        }

        public String code() {
            return json().getString("code");
        }
    }

    public Reply get(String path, String key) {
        return send(Method.GET, path, key, null, null);
    }

    public Reply delete(String path, String key) {
        return send(Method.DELETE, path, key, null, null);
    }

    public Reply post(String path, String key, JsonValue body) {
        return send(Method.POST, path, key, "application/json", body == null ? null : body.toString());
    }

    public Reply patch(String path, String key, JsonValue body) {
        return send(Method.PATCH, path, key, "application/json", body == null ? null : body.toString());
    }

    public Reply send(Method method, String path, String key, String contentType, String body) {
        int question = path.indexOf('?');
        var request = client.method(method).path(question < 0 ? path : path.substring(0, question));
        if (question >= 0) {
            for (String pair : path.substring(question + 1).split("&")) {
                int equals = pair.indexOf('=');
                request.queryParam(equals < 0 ? pair : pair.substring(0, equals),
                        equals < 0 ? "" : pair.substring(equals + 1));
            }
        }
        if (key != null) {
            request.header(HeaderNames.AUTHORIZATION, "Bearer " + key);
        }
        if (contentType != null) {
            request.header(HeaderNames.CONTENT_TYPE, contentType);
        }
        try (HttpClientResponse response = body == null
                ? request.request()
                : request.submit(body.getBytes(StandardCharsets.UTF_8))) {
            String text = response.entity().hasEntity() ? response.as(String.class) : "";
            return new Reply(response.status().code(),
                    response.headers().contentType().map(Object::toString).orElse(""),
                    text);
        }
    }

    /** POST /api/chats/{chatId}/attachments with the raw bytes. */
    public Reply upload(String chatId, String key, String contentType, byte[] bytes) {
        var request = client.post("/api/chats/" + chatId + "/attachments");
        if (key != null) {
            request.header(HeaderNames.AUTHORIZATION, "Bearer " + key);
        }
        if (contentType != null) {
            request.header(HeaderNames.CONTENT_TYPE, contentType);
        }
        try (HttpClientResponse response = request.submit(bytes)) {
            return new Reply(response.status().code(),
                    response.headers().contentType().map(Object::toString).orElse(""),
                    response.entity().hasEntity() ? response.as(String.class) : "");
        }
    }

    /** Creates a chat as {@code key} and returns its id. */
    public String createChat(String key, String title) {
        JsonObject body = title == null ? Json.object().build() : Json.object().add("title", title).build();
        return post("/api/chats", key, body).data().getString("id");
    }
}
