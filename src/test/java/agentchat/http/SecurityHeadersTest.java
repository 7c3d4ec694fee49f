package agentchat.http;

import agentchat.testing.TestApp;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static agentchat.testing.TestApp.ALICE;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/** The page, its assets and the API answer with headers that forbid framing, sniffing and referrers. */
@ServerTest
class SecurityHeadersTest {

    private static final TestApp APP = TestApp.create();

    private final Http1Client client;

    SecurityHeadersTest(Http1Client client) {
        this.client = client;
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        APP.configure(server);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/index.html", "/app.js", "/app.css", "/chatview.js", "/api/chats", "/api/nope", "/health"})
    void everyResponseForbidsFramingSniffingAndReferrers(String path) {
        try (HttpClientResponse response = client.get(path).header(HeaderNames.AUTHORIZATION, "Bearer " + ALICE).request()) {
            String csp = response.headers().first(HeaderNames.create("Content-Security-Policy")).orElse("");
            assertThat(path, csp, containsString("frame-ancestors 'none'"));
            assertThat(path, csp, containsString("script-src 'self'"));
            assertThat(path, response.headers().first(HeaderNames.X_CONTENT_TYPE_OPTIONS).orElse(""), is("nosniff"));
            assertThat(path, response.headers().first(HeaderNames.create("Referrer-Policy")).orElse(""), is("no-referrer"));
            assertThat(path, response.headers().first(HeaderNames.create("X-Frame-Options")).orElse(""), is("DENY"));
        }
    }
}
