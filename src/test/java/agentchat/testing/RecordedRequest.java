package agentchat.testing;

import java.io.StringReader;
import java.util.List;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

/** A request a {@link FakeUpstream} received. Header names are lower-case. */
public record RecordedRequest(String method, String path, Map<String, List<String>> headers, String body) {

    public RecordedRequest {
        headers = Map.copyOf(headers);
    }

    /** The first value of a header, or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase());
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    /** The body parsed as a JSON object. */
    public JsonObject json() {
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            return reader.readObject();
        }
    }
}
