package agentchat.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import agentchat.json.Json;
import agentchat.testing.TestApp;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import static agentchat.testing.TestApp.ALICE;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/**
 * A body over the limit is answered 413 before the server has read it. The client is still
 * sending then: it must still get to read that 413 (not a connection reset), and nothing but the
 * 413 may follow it on the connection.
 */
@ServerTest
class OversizedBodyTest {

    private static final TestApp APP = TestApp.create();
    private static final int TWELVE_MIB = 12 * 1024 * 1024;

    private final int port;

    OversizedBodyTest(URI base) {
        this.port = base.getPort();
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        APP.configure(server);
    }

    @Test
    void aClientStillSendingATwelveMibBodyReadsThe413() throws Exception {
        String response = exchange("POST /api/chats HTTP/1.1\r\n", TWELVE_MIB, "");
        assertThat(response, startsWith("HTTP/1.1 413"));
        assertThat(body(response).getString("code"), is("PAYLOAD_TOO_LARGE"));
    }

    @Test
    void nothingFollowsThe413OfAConnectionCloseRequest() throws Exception {
        String response = exchange("POST /api/chats HTTP/1.1\r\n", TWELVE_MIB, "Connection: close\r\n");
        assertThat(response, startsWith("HTTP/1.1 413"));
        assertThat("one response only", response.indexOf("HTTP/1.1", 1), is(-1));
        assertThat(response, not(containsString("400")));
    }

    @Test
    void anUploadOverTheImageLimitIsAnswered413AsWell() throws Exception {
        String chatId = createChat();
        String response = exchange("POST /api/chats/" + chatId + "/attachments HTTP/1.1\r\n", TWELVE_MIB,
                "Content-Type: image/png\r\n");
        assertThat(response, startsWith("HTTP/1.1 413"));
        assertThat(body(response).getString("code"), is("PAYLOAD_TOO_LARGE"));
    }

    private String createChat() throws IOException {
        String response = exchange("POST /api/chats HTTP/1.1\r\n", 0, "Connection: close\r\n");
        return body(response).getJsonObject("data").getString("id");
    }

    /**
     * Sends a request whose body of {@code bodyBytes} goes out from another thread (as an HTTP
     * client does, whatever the server answers meanwhile) and returns everything the server sends
     * until it closes the connection or goes quiet.
     */
    private String exchange(String requestLine, int bodyBytes, String extraHeaders) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((requestLine + "Host: 127.0.0.1:" + port + "\r\n"
                    + "Authorization: Bearer " + ALICE + "\r\n"
                    + (extraHeaders.contains("Content-Type") ? "" : "Content-Type: application/json\r\n")
                    + extraHeaders
                    + "Content-Length: " + bodyBytes + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread sender = Thread.ofVirtual().start(() -> {
                byte[] chunk = new byte[64 * 1024];
                Arrays.fill(chunk, (byte) ' ');
                try {
                    for (int sent = 0; sent < bodyBytes; sent += chunk.length) {
                        out.write(chunk, 0, Math.min(chunk.length, bodyBytes - sent));
                    }
                    out.flush();
                } catch (IOException e) {
                    // the server may stop reading; what it answered is what the test looks at
                }
            });
            String response = readResponse(socket);
            sender.join(10_000);
            return response;
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One response (head and its Content-Length body), then whatever else comes before the end or a pause. */
    private static String readResponse(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        try {
            String head = readHead(in);
            received.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
            int length = head.lines().filter(line -> line.toLowerCase().startsWith("content-length:"))
                    .map(line -> Integer.parseInt(line.substring(15).trim())).findFirst().orElse(0);
            received.writeBytes(in.readNBytes(length));
        } catch (IOException e) {
            throw new UncheckedIOException("reading the response failed after " + received.size() + " bytes: "
                    + received.toString(StandardCharsets.UTF_8), e);
        }
        try {
            socket.setSoTimeout(1000);
            byte[] buffer = new byte[8192];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                received.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // the end of the connection, however it ends, after the response
        }
        return received.toString(StandardCharsets.UTF_8);
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed in the response head: " + head);
            }
            head.append((char) b);
        }
        return head.toString();
    }

    private static JsonObject body(String response) {
        String afterHead = response.substring(response.indexOf("\r\n\r\n") + 4);
        int end = afterHead.indexOf("HTTP/1.1");
        return Json.parseObject(end < 0 ? afterHead : afterHead.substring(0, end));
    }
}
