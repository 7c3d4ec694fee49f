package agentchat.http;

import java.nio.charset.StandardCharsets;

import agentchat.json.Json;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;

/** Writes JSON responses; every body this server sends goes through here. */
public final class Responses {

    private Responses() {
    }

    public static void json(ServerResponse res, int status, JsonStructure body) {
        byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
        res.status(Status.create(status));
        res.header(HeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(bytes);
    }

    public static void data(ServerResponse res, int status, JsonValue data) {
        json(res, status, Json.object().add("data", data).build());
    }

    public static JsonObject errorBody(int status, String code, String message) {
        return Json.object().add("error", message).add("code", code).add("status", status).build();
    }

    public static void error(ServerResponse res, int status, String code, String message) {
        json(res, status, errorBody(status, code, message));
    }
}
