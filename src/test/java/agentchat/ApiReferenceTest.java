package agentchat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import agentchat.json.Json;
import agentchat.testing.Api;
import agentchat.testing.TestApp;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * The repository's own API reference, docs/API.md, is what users of the repository read (the
 * shared protocol document is not in it): the README links it, and it names every route the served
 * OpenAPI document has (which OpenApiDocumentTest keeps true to the server).
 */
@ServerTest
class ApiReferenceTest {

    private static final TestApp APP = TestApp.create();
    private static final Path REFERENCE = Path.of("docs/API.md");

    private final Api api;

    ApiReferenceTest(Http1Client client) {
        this.api = new Api(client);
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        APP.configure(server);
    }

    @Test
    void theReadmeLinksTheReferenceAndNothingOutsideTheRepository() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        assertThat(readme, containsString("(docs/API.md)"));
        assertThat(readme, not(containsString("../shared")));
        assertThat(Files.readString(REFERENCE), not(containsString("../shared")));
    }

    @Test
    void theReferenceHasARowForEveryRouteOfTheOpenApiDocument() throws Exception {
        String reference = normalize(Files.readString(REFERENCE));
        JsonObject paths = Json.parseObject(api.get("/openapi?format=JSON", null).text()).getJsonObject("paths");
        List<String> missing = new ArrayList<>();
        paths.forEach((path, item) -> item.asJsonObject().keySet().stream()
                .filter(List.of("get", "post", "put", "patch", "delete")::contains)
                .map(method -> method.toUpperCase(Locale.ROOT))
                .filter(method -> !Pattern.compile("\\| " + method + "( \\(WebSocket\\))? \\| `"
                        + Pattern.quote(normalize(path)) + "[`?( ]").matcher(reference).find())
                .forEach(method -> missing.add(method + " " + path)));
        assertThat("routes of /openapi without a row in the route table of docs/API.md", missing, is(empty()));
    }

    /** {@code {id}} (OpenAPI) and {@code :id} (the reference) name a path parameter alike. */
    private static String normalize(String text) {
        return text.replaceAll("\\{[A-Za-z]+}", ":p").replaceAll(":[A-Za-z]+", ":p");
    }
}
