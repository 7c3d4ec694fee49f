package agentchat.http;

import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/** An unexpected exception is a 500 with the contract's shape and nothing of its internals. */
@ServerTest
class InternalErrorTest {

    private final Http1Client client;

    InternalErrorTest(Http1Client client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        ErrorHandling.register(routing);
        routing.get("/boom", (req, res) -> {
            throw new IllegalStateException("secret internals at db-host-7 password=hunter2");
        }).get("/overflow", (req, res) -> {
            throw new StackOverflowError("deep");
        });
    }

    @Test
    void anUnexpectedExceptionIs500WithoutInternals() {
        try (HttpClientResponse response = client.get("/boom").request()) {
            assertThat(response.status().code(), is(500));
            String body = response.as(String.class);
            assertThat(body, is("{\"error\":\"Internal server error\",\"code\":\"INTERNAL_ERROR\",\"status\":500}"));
            assertThat(body, not(containsString("hunter2")));
        }
    }

    @Test
    void anErrorIsAlso500Json() {
        try (HttpClientResponse response = client.get("/overflow").request()) {
            assertThat(response.status().code(), is(500));
            assertThat(response.as(String.class), containsString("INTERNAL_ERROR"));
        }
    }
}
