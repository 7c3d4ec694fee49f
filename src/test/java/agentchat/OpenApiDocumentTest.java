package agentchat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;

import agentchat.attachments.AttachmentRepository;
import agentchat.attachments.Attachments;
import agentchat.config.ConfigLoader;
import agentchat.config.Limits;
import agentchat.db.Database;
import agentchat.db.DbSettings;
import agentchat.json.Json;
import agentchat.messages.MessageContent;
import agentchat.messages.MessageMetadata;
import agentchat.messages.MessageRepository;
import agentchat.testing.Api;
import agentchat.testing.RunningServer;
import agentchat.testing.TestApp;
import io.helidon.config.Config;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static agentchat.testing.TestApp.ALICE;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Keeps {@code META-INF/openapi.yaml} true: fetches the document from the running server (as JSON), and for every
 * documented path, method and response status sends a request that must produce that status, then checks the status
 * and the body against the documented schema (every error against {@code {error, code, status}}).
 *
 * <p>A documented status without a recipe below fails (add a recipe or fix the document). The routes the server
 * answers are listed in {@link #ROUTES}; the document must list exactly those, so neither can drift silently.
 * Routes in {@link #PENDING} may not exist yet: while the server answers them with the catch-all
 * {@code 404 "No such resource"}, their checks are skipped with a message, and they run once the route exists.
 */
@ServerTest
class OpenApiDocumentTest {

    private static final TestApp APP = TestApp.create();

    private record Route(String method, String path) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** Every route the server answers under /api, plus /health. A new route goes here and into the document. */
    private static final List<Route> ROUTES = List.of(
            new Route("GET", "/health"),
            new Route("GET", "/api/chats"),
            new Route("POST", "/api/chats"),
            new Route("GET", "/api/chats/{id}"),
            new Route("PATCH", "/api/chats/{id}"),
            new Route("DELETE", "/api/chats/{id}"),
            new Route("GET", "/api/chats/{id}/messages"),
            new Route("POST", "/api/chats/{id}/attachments"),
            new Route("GET", "/api/chats/{id}/attachments/{attachmentId}"),
            new Route("POST", "/api/chats/{id}/ws-ticket"),
            new Route("GET", "/api/chats/{id}/ws"),
            new Route("GET", "/api/tools"),
            new Route("GET", "/api/models"),
            new Route("GET", "/api/chats/{id}/export"));

    /** Documented routes that are being implemented elsewhere; checked as soon as the server has them. */
    private static final Set<Route> PENDING = Set.of(
            new Route("POST", "/api/chats/{id}/ws-ticket"),
            new Route("GET", "/api/chats/{id}/ws"));

    private static final String WS_PATH = "/api/chats/{id}/ws";
    private static final String UPLOAD = "POST /api/chats/{id}/attachments";
    private static final String DOWNLOAD = "GET /api/chats/{id}/attachments/{attachmentId}";
    /** The 8-byte PNG signature: the smallest body the server takes as a PNG. */
    private static final byte[] PNG = Base64.getDecoder().decode("iVBORw0KGgo=");
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");
    private static final String TIMESTAMP = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";
    private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    /** A second server whose database has been closed, for the documented 503 of /health; started on demand. */
    private static TestApp brokenApp;
    private static WebServer brokenServer;
    private static RunningServer redisDownServer;

    private static int port;

    private final Http1Client client;
    private final Api api;
    private JsonObject document;

    OpenApiDocumentTest(Http1Client client) {
        this.client = client;
        this.api = new Api(client);
    }

    @BeforeAll
    static void port(WebServer server) {
        port = server.port();
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        APP.configure(server);
    }

    @AfterAll
    static void stopBrokenServer() {
        if (brokenServer != null) {
            brokenServer.stop();
        }
        if (redisDownServer != null) {
            redisDownServer.close();
        }
    }

    // --- serving the document ----------------------------------------------------------------------------------------

    @Test
    void servedAsYamlByDefaultWithoutKey() {
        Api.Reply reply = api.get("/openapi", null);
        assertThat(reply.text(), reply.status(), is(200));
        assertThat(reply.contentType(), startsWith("application/vnd.oai.openapi")); // Helidon's YAML type
        assertThat(reply.text(), startsWith("openapi: 3.0"));
    }

    @Test
    void servedAsYamlWithFormatYaml() {
        Api.Reply reply = api.get("/openapi?format=YAML", null);
        assertThat(reply.status(), is(200));
        assertThat(reply.contentType(), startsWith("application/vnd.oai.openapi")); // Helidon's YAML type
        assertThat(reply.text(), startsWith("openapi: 3.0"));
    }

    @Test
    void servedAsJsonWithAcceptHeaderOrFormatJson() {
        JsonObject byFormat = document();
        try (HttpClientResponse response = client.get("/openapi").header(HeaderNames.ACCEPT, "application/json").request()) {
            assertThat(response.status().code(), is(200));
            assertThat(response.headers().contentType().orElseThrow().text(), startsWith("application/json"));
            assertThat(Json.parseObject(response.as(String.class)), is(byFormat));
        }
        assertThat(byFormat.getString("openapi"), startsWith("3.0"));
    }

    // --- the document lists exactly the routes the server answers -----------------------------------------------------

    @Test
    void documentListsExactlyTheServedRoutes() {
        Set<Route> documented = new LinkedHashSet<>(documentedRoutes());
        Set<String> undocumented = new TreeSet<>();
        ROUTES.stream().filter(route -> !documented.contains(route)).forEach(route -> undocumented.add(route.toString()));
        Set<String> unknown = new TreeSet<>();
        documented.stream().filter(route -> !ROUTES.contains(route)).forEach(route -> unknown.add(route.toString()));
        assertThat("routes the server answers but openapi.yaml does not document", undocumented, is(empty()));
        assertThat("routes openapi.yaml documents but OpenApiDocumentTest.ROUTES does not list", unknown, is(empty()));
    }

    @Test
    void undocumentedMethodsOnDocumentedPathsAreRefused() {
        Set<Route> documented = new LinkedHashSet<>(documentedRoutes());
        for (String path : document().getJsonObject("paths").keySet()) {
            for (String method : METHODS) {
                if (documented.contains(new Route(method, path))) {
                    continue;
                }
                String resolved = path.replace("{id}", api.createChat(ALICE, "undocumented method"));
                Api.Reply reply = api.send(Method.create(method), resolved, ALICE,
                        method.equals("GET") || method.equals("DELETE") ? null : "application/json",
                        method.equals("GET") || method.equals("DELETE") ? null : "{}");
                assertThat(method + " " + path + " is answered but not documented: " + reply.text(),
                        reply.status(), anyOf(is(404), is(405)));
                assertErrorShape(method + " " + path, reply);
            }
        }
    }

    // --- every documented status, produced and checked ----------------------------------------------------------------

    /** Every documented path, method and status (plus the {@code default} responses), as test arguments. */
    static Stream<Arguments> documentedStatuses() {
        List<Arguments> cases = new ArrayList<>();
        JsonObject paths = fetchDocument(port).getJsonObject("paths");
        for (String path : paths.keySet()) {
            JsonObject item = paths.getJsonObject(path);
            for (String key : item.keySet()) {
                String method = key.toUpperCase(Locale.ROOT);
                if (METHODS.contains(method)) { // not "parameters", "summary", ...
                    item.getJsonObject(key).getJsonObject("responses").keySet()
                            .forEach(status -> cases.add(Arguments.of(method, path, status)));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("documentedStatuses")
    void everyDocumentedStatusIsWhatTheServerAnswers(String method, String path, String status) {
        Route route = new Route(method, path);
        JsonObject item = document().getJsonObject("paths").getJsonObject(path);
        JsonObject operation = item.getJsonObject(method.toLowerCase(Locale.ROOT));
        JsonObject response = resolve(operation.getJsonObject("responses").getJsonObject(status));
        if (status.equals("default")) {
            // the catch-all for 500/503: cannot be provoked on demand, but must describe an Error
            assertThat(route + " default response", schemaRef(response), is("#/components/schemas/Error"));
            return;
        }
        check(route, item, operation, Integer.parseInt(status), response);
    }

    private void check(Route route, JsonObject pathItem, JsonObject operation, int status, JsonObject response) {
        if (PENDING.contains(route)) {
            // With the key as a Bearer header the request passes the /api gate even where no route exists,
            // so a missing route reaches the catch-all 404 "No such resource".
            Api.Reply probe = route.path().equals(WS_PATH) ? upgrade(chat(), null, null, ALICE) : success(route);
            boolean missing = probe.status() == 404 && probe.text().contains("No such resource");
            Assumptions.assumeFalse(missing, route + " is documented but not served yet (the server answers 404 "
                    + "\"No such resource\"); its statuses are checked automatically once the route exists");
        }
        Api.Reply reply = produce(route, pathItem, operation, status);
        String what = route + " expected " + status + ", body: " + reply.text();
        assertThat(what, reply.status(), is(status));
        JsonObject schema = jsonSchema(response);
        if (status == 101) {
            return;
        }
        JsonObject content = response.getJsonObject("content");
        if (schema == null && content != null) {
            // a body that is not JSON (an image): of a documented type, not empty
            assertThat(route + " " + status + " content type " + reply.contentType() + " is documented",
                    content.containsKey(reply.contentType().split(";")[0].trim()), is(true));
            assertThat(route + " " + status + " has a body", reply.text().isEmpty(), is(false));
        } else if (schema == null) {
            assertThat(route + " " + status + " documents no body", reply.text(), is(""));
        } else {
            assertThat(route + " " + status + " content type", reply.contentType(), startsWith("application/json"));
            List<String> problems = new ArrayList<>();
            JsonValue body = Json.parse(reply.text());
            validate(body, schema, "body", problems);
            if (route.path().endsWith("/messages") && status == 200) {
                assertThat("the messages recipe stores two messages", body.asJsonObject().getInt("total"), is(2));
            }
            assertThat(route + " " + status + " body " + reply.text() + " against the documented schema",
                    problems, is(empty()));
        }
        if (status >= 400) {
            assertErrorShape(route + " " + status, reply);
            assertThat(route + " " + status + " is documented as an Error", schemaRef(response),
                    is("#/components/schemas/Error"));
        }
    }

    /** A request that should produce {@code status} on {@code route}; fails when there is no recipe. */
    private Api.Reply produce(Route route, JsonObject pathItem, JsonObject operation, int status) {
        boolean ws = route.path().equals(WS_PATH);
        boolean hasId = route.path().contains("{id}");
        boolean hasBody = operation.containsKey("requestBody");
        boolean paged = parameterNames(pathItem, operation).contains("limit");
        boolean upload = route.toString().equals(UPLOAD);
        return switch (status) {
            case 101 -> ws ? upgrade(api.createChat(ALICE, "ws"), "token=" + ALICE, null) : noRecipe(route, status);
            case 200 -> upload ? uploadTwice() : success(route);
            case 201, 204 -> success(route);
            case 304 -> route.toString().equals(DOWNLOAD) ? downloadNotModified() : noRecipe(route, status);
            case 400 -> route.path().endsWith("/export") ? send(route, chat(), ALICE, "?format=pdf", null, null)
                    : paged ? send(route, chat(), ALICE, "?limit=0", null, null)
                    : ws ? upgrade(chat(), "token=" + ALICE + "&imageData=maybe", null)
                    : upload ? api.upload(chat(), ALICE, "image/png", new byte[0])
                    : hasBody ? send(route, chat(), ALICE, "", "application/json", "{\"title\":5}")
                    : noRecipe(route, status);
            case 401 -> ws ? upgrade(chat(), null, null) : send(route, chat(), null, "", null, null);
            case 403 -> ws ? upgrade(chat(), "token=" + ALICE, "http://evil.example") : noRecipe(route, status);
            case 404 -> !hasId ? noRecipe(route, status)
                    : ws ? upgrade(UUID.randomUUID().toString(), "token=" + ALICE, null)
                    : send(route, UUID.randomUUID().toString(), ALICE, "", null, null);
            case 413 -> upload ? api.upload(chat(), ALICE, "image/png", Arrays.copyOf(PNG, 10 * 1024 * 1024 + 1))
                    : hasBody ? send(route, chat(), ALICE, "", "application/json",
                    "{\"title\":\"" + "a".repeat(2 * 1024 * 1024) + "\"}") : noRecipe(route, status);
            case 415 -> hasBody ? send(route, chat(), ALICE, "", "text/plain", "hello") : noRecipe(route, status);
            case 503 -> route.path().equals("/health") ? healthWithDatabaseDown()
                    : route.path().endsWith("/ws-ticket") ? redisDown().api().send(Method.POST,
                            route.path().replace("{id}", redisDown().api().createChat(ALICE, "t")), ALICE, null, null)
                    : ws ? upgrade(redisDown().api().createChat(ALICE, "t"), "ticket=any", null, null,
                            redisDown().base().getPort())
                    : noRecipe(route, status);
            default -> noRecipe(route, status);
        };
    }

    /** The ordinary, successful request of a route, on a chat of its own. */
    private Api.Reply success(Route route) {
        return switch (route.toString()) {
            case "GET /health" -> api.get("/health", null);
            case "POST /api/chats", "PATCH /api/chats/{id}" ->
                    send(route, chat(), ALICE, "", "application/json", "{\"title\":\"OpenAPI check\"}");
            case "GET /api/chats/{id}/ws" -> upgrade(chat(), "token=" + ALICE, null);
            case "GET /api/chats/{id}/messages" -> send(route, chatWithMessages(), ALICE, "", null, null);
            case "GET /api/chats/{id}/export" -> send(route, chatWithMessages(), ALICE, "?format=json", null, null);
            case UPLOAD -> api.upload(chat(), ALICE, "image/png", PNG);
            case DOWNLOAD -> {
                JsonObject attachment = api.upload(chat(), ALICE, "image/png", PNG).data();
                yield download(attachment.getString("url"), null);
            }
            default -> send(route, chat(), ALICE, "", null, null);
        };
    }

    private Api.Reply uploadTwice() {
        String chatId = chat();
        api.upload(chatId, ALICE, "image/png", PNG);
        return api.upload(chatId, ALICE, "image/png", PNG);
    }

    private Api.Reply downloadNotModified() {
        String url = api.upload(chat(), ALICE, "image/png", PNG).data().getString("url");
        try (HttpClientResponse response = client.get(url).header(HeaderNames.AUTHORIZATION, "Bearer " + ALICE).request()) {
            return download(url, response.headers().first(HeaderNames.ETAG).orElseThrow());
        }
    }

    private Api.Reply download(String url, String ifNoneMatch) {
        var request = client.get(url).header(HeaderNames.AUTHORIZATION, "Bearer " + ALICE);
        if (ifNoneMatch != null) {
            request.header(HeaderNames.IF_NONE_MATCH, ifNoneMatch);
        }
        try (HttpClientResponse response = request.request()) {
            byte[] body = response.entity().hasEntity() ? response.as(byte[].class) : new byte[0];
            return new Api.Reply(response.status().code(),
                    response.headers().contentType().map(Object::toString).orElse(""),
                    new String(body, StandardCharsets.ISO_8859_1));
        }
    }

    private static Api.Reply noRecipe(Route route, int status) {
        return fail(route + " documents status " + status + " but OpenApiDocumentTest has no request that produces it: "
                + "add a recipe to produce(...) or remove the status from openapi.yaml");
    }

    private String chat() {
        return api.createChat(ALICE, "openapi");
    }

    /**
     * A chat holding a user message (text and image) and an assistant message (text, tool_use, tool_result and
     * metadata), written through the repository because REST cannot create messages, so that GET .../messages returns
     * every kind of content for the schema check.
     */
    private String chatWithMessages() {
        String chatId = chat();
        Config config = ConfigLoader.load(Map.of(), Map.of(
                "db.url", APP.database().url(),
                "db.user", APP.database().user(),
                "db.password", APP.database().password()));
        try (Database db = Database.open(DbSettings.from(config.get("db")), config.get("db.statements"))) {
            AttachmentRepository attachmentRepository = new AttachmentRepository(db);
            MessageRepository messages = new MessageRepository(db, attachmentRepository);
            Instant now = Instant.now();
            MessageContent.Image image = new Attachments(attachmentRepository, Limits.from(config.get("limits")),
                    Clock.systemUTC()).store(chatId, "image/png", Base64.getDecoder().decode("iVBORw0KGgo="))
                    .attachment().asImage();
            messages.insertUserMessage(UUID.randomUUID().toString(), chatId, List.of(
                    new MessageContent.Text("What is in this file?"), image), now);
            String assistantId = UUID.randomUUID().toString();
            messages.insertStreaming(assistantId, chatId, now);
            messages.complete(assistantId, List.of(
                    new MessageContent.ToolUse("toolu_1", "Read", Json.object().add("path", "notes.txt").build()),
                    new MessageContent.ToolResult("toolu_1", "hello", false, List.of(image)), // a tool image: the same attachment
                    new MessageContent.Text("It says hello.")),
                    new MessageMetadata(0.0012, 10L, 5L, 0L, 0L, 1234L, "test-model", "end_turn", null), now);
        }
        return chatId;
    }

    private Api.Reply send(Route route, String chatId, String key, String query, String contentType, String body) {
        String path = route.path().replace("{id}", chatId).replace("{attachmentId}", UUID.randomUUID().toString()) + query;
        return api.send(Method.create(route.method()), path, key, contentType, body);
    }

    /** GET /health on a second server whose database is closed. */
    private static synchronized Api.Reply healthWithDatabaseDown() {
        if (brokenServer == null) {
            brokenApp = TestApp.create();
            brokenServer = WebServer.builder().host("localhost").port(0).update(brokenApp::configure).build().start();
            brokenApp.app().close();
        }
        Http1Client brokenClient = Http1Client.builder().baseUri("http://localhost:" + brokenServer.port()).build();
        return new Api(brokenClient).get("/health", null);
    }

    /** A server of several instances (REDIS_URL) whose Redis never answers: tickets cannot be issued or checked. */
    private static synchronized RunningServer redisDown() {
        if (redisDownServer == null) {
            int closedPort;
            try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
                closedPort = socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            redisDownServer = RunningServer.start(TestApp.create(Map.of("live.redis-url", "redis://127.0.0.1:" + closedPort)));
        }
        return redisDownServer;
    }

    /** A WebSocket upgrade over a raw socket, so that refusals (with their JSON bodies) can be read. */
    private Api.Reply upgrade(String chatId, String query, String origin) {
        return upgrade(chatId, query, origin, null);
    }

    private Api.Reply upgrade(String chatId, String query, String origin, String bearer) {
        return upgrade(chatId, query, origin, bearer, port);
    }

    private Api.Reply upgrade(String chatId, String query, String origin, String bearer, int port) {
        byte[] nonce = new byte[16];
        new java.util.Random().nextBytes(nonce);
        StringBuilder request = new StringBuilder()
                .append("GET ").append(WS_PATH.replace("{id}", chatId)).append(query == null ? "" : "?" + query)
                .append(" HTTP/1.1\r\n")
                .append("Host: localhost:").append(port).append("\r\n")
                .append("Connection: Upgrade\r\n")
                .append("Upgrade: websocket\r\n")
                .append("Sec-WebSocket-Version: 13\r\n")
                .append("Sec-WebSocket-Key: ").append(Base64.getEncoder().encodeToString(nonce)).append("\r\n");
        if (origin != null) {
            request.append("Origin: ").append(origin).append("\r\n");
        }
        if (bearer != null) {
            request.append("Authorization: Bearer ").append(bearer).append("\r\n");
        }
        request.append("\r\n");
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String statusLine = readLine(in);
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            String contentType = "";
            int length = 0;
            boolean chunked = false;
            for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
                String name = line.substring(0, line.indexOf(':')).trim().toLowerCase(Locale.ROOT);
                String value = line.substring(line.indexOf(':') + 1).trim();
                switch (name) {
                    case "content-type" -> contentType = value;
                    case "content-length" -> length = Integer.parseInt(value);
                    case "transfer-encoding" -> chunked = value.equalsIgnoreCase("chunked");
                    default -> {
                    }
                }
            }
            if (status == 101) {
                return new Api.Reply(101, contentType, "");
            }
            String body;
            if (chunked) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                for (int size = Integer.parseInt(readLine(in).trim(), 16); size > 0;
                        size = Integer.parseInt(readLine(in).trim(), 16)) {
                    bytes.write(in.readNBytes(size));
                    readLine(in);
                }
                body = bytes.toString(StandardCharsets.UTF_8);
            } else {
                body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            }
            return new Api.Reply(status, contentType, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    private static void assertErrorShape(String what, Api.Reply reply) {
        assertThat(what + " content type", reply.contentType(), startsWith("application/json"));
        JsonObject body = reply.json();
        assertThat(what + " error", body.getString("error", "").isBlank(), is(false));
        assertThat(what + " code", body.getString("code", ""), matchesPattern("[A-Z][A-Z_]+"));
        assertThat(what + " status", body.containsKey("status") ? body.getInt("status") : -1, is(reply.status()));
    }

    // --- the document ---------------------------------------------------------------------------------------------------

    private JsonObject document() {
        if (document == null) {
            document = fetchDocument(port);
        }
        return document;
    }

    private static JsonObject fetchDocument(int port) {
        Http1Client http = Http1Client.builder().baseUri("http://localhost:" + port).build();
        Api.Reply reply = new Api(http).get("/openapi?format=JSON", null);
        assertThat(reply.text(), reply.status(), is(200));
        return reply.json();
    }

    private List<Route> documentedRoutes() {
        List<Route> routes = new ArrayList<>();
        JsonObject paths = document().getJsonObject("paths");
        paths.forEach((path, item) -> item.asJsonObject().keySet().stream()
                .map(key -> key.toUpperCase(Locale.ROOT))
                .filter(METHODS::contains)
                .forEach(method -> routes.add(new Route(method, path))));
        return routes;
    }

    private Set<String> parameterNames(JsonObject pathItem, JsonObject operation) {
        Set<String> names = new LinkedHashSet<>();
        for (JsonObject holder : List.of(pathItem, operation)) {
            JsonArray parameters = holder.getJsonArray("parameters");
            if (parameters != null) {
                parameters.forEach(p -> names.add(resolve(p.asJsonObject()).getString("name")));
            }
        }
        return names;
    }

    /** Follows a local {@code $ref} ("#/components/..."). */
    private JsonObject resolve(JsonObject node) {
        JsonObject current = node;
        while (current.containsKey("$ref")) {
            String ref = current.getString("$ref");
            assertThat("only local references are supported", ref, startsWith("#/"));
            JsonValue target = document();
            for (String part : ref.substring(2).split("/")) {
                target = target.asJsonObject().get(part);
                if (target == null) {
                    fail("Dangling $ref " + ref);
                }
            }
            current = target.asJsonObject();
        }
        return current;
    }

    private static JsonObject jsonSchema(JsonObject response) {
        JsonObject content = response.getJsonObject("content");
        if (content == null || !content.containsKey("application/json")) {
            return null;
        }
        return content.getJsonObject("application/json").getJsonObject("schema");
    }

    private static String schemaRef(JsonObject response) {
        JsonObject schema = jsonSchema(response);
        return schema == null ? null : schema.getString("$ref", null);
    }

    /** A small subset of JSON Schema as OpenAPI 3.0 uses it: enough for our schemas, strict about what it knows. */
    private void validate(JsonValue value, JsonObject schemaOrRef, String where, List<String> problems) {
        JsonObject schema = resolve(schemaOrRef);
        if (value.getValueType() == JsonValue.ValueType.NULL) {
            if (!schema.getBoolean("nullable", false)) {
                problems.add(where + " is null but not nullable");
            }
            return;
        }
        if (schema.containsKey("oneOf")) {
            validateOneOf(value, schema, where, problems);
            return;
        }
        String type = schema.getString("type", "");
        switch (type) {
            case "object" -> {
                if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                    problems.add(where + " is not an object");
                    return;
                }
                JsonObject object = value.asJsonObject();
                JsonArray required = schema.getJsonArray("required");
                if (required != null) {
                    required.getValuesAs(jakarta.json.JsonString.class).forEach(name -> {
                        if (!object.containsKey(name.getString())) {
                            problems.add(where + " lacks required " + name.getString());
                        }
                    });
                }
                JsonObject properties = schema.getJsonObject("properties");
                if (properties != null) {
                    properties.forEach((name, propertySchema) -> {
                        if (object.containsKey(name)) {
                            validate(object.get(name), propertySchema.asJsonObject(), where + "." + name, problems);
                        }
                    });
                }
            }
            case "array" -> {
                if (value.getValueType() != JsonValue.ValueType.ARRAY) {
                    problems.add(where + " is not an array");
                    return;
                }
                JsonArray array = value.asJsonArray();
                for (int i = 0; i < array.size(); i++) {
                    validate(array.get(i), schema.getJsonObject("items"), where + "[" + i + "]", problems);
                }
            }
            case "string" -> {
                if (value.getValueType() != JsonValue.ValueType.STRING) {
                    problems.add(where + " is not a string");
                    return;
                }
                String text = ((jakarta.json.JsonString) value).getString();
                String format = schema.getString("format", "");
                if (format.equals("date-time") && !text.matches(TIMESTAMP)) {
                    problems.add(where + " is not an ISO-8601 UTC timestamp with milliseconds: " + text);
                }
                if (format.equals("uuid") && !text.matches(UUID_PATTERN)) {
                    problems.add(where + " is not a lower-case UUID: " + text);
                }
                JsonArray allowed = schema.getJsonArray("enum");
                if (allowed != null && !allowed.contains(value)) {
                    problems.add(where + " = " + text + " is not one of " + allowed);
                }
            }
            case "integer" -> {
                if (value.getValueType() != JsonValue.ValueType.NUMBER || !((jakarta.json.JsonNumber) value).isIntegral()) {
                    problems.add(where + " is not an integer");
                }
            }
            case "number" -> {
                if (value.getValueType() != JsonValue.ValueType.NUMBER) {
                    problems.add(where + " is not a number");
                }
            }
            case "boolean" -> {
                if (value.getValueType() != JsonValue.ValueType.TRUE && value.getValueType() != JsonValue.ValueType.FALSE) {
                    problems.add(where + " is not a boolean");
                }
            }
            default -> problems.add(where + ": the test's validator does not know schema " + schema);
        }
    }

    private void validateOneOf(JsonValue value, JsonObject schema, String where, List<String> problems) {
        JsonObject discriminator = schema.getJsonObject("discriminator");
        if (discriminator != null && value.getValueType() == JsonValue.ValueType.OBJECT) {
            String kind = value.asJsonObject().getString(discriminator.getString("propertyName"), "");
            JsonObject mapping = discriminator.getJsonObject("mapping");
            if (mapping == null || !mapping.containsKey(kind)) {
                problems.add(where + " has unknown " + discriminator.getString("propertyName") + " " + kind);
                return;
            }
            validate(value, Json.object().add("$ref", mapping.getString(kind)).build(), where, problems);
            return;
        }
        int matches = 0;
        for (JsonValue option : schema.getJsonArray("oneOf")) {
            List<String> optionProblems = new ArrayList<>();
            validate(value, option.asJsonObject(), where, optionProblems);
            if (optionProblems.isEmpty()) {
                matches++;
            }
        }
        if (matches != 1) {
            problems.add(where + " matches " + matches + " of the oneOf alternatives instead of exactly one");
        }
    }
}
