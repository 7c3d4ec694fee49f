package agentchat.testing;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A WebSocket client on a plain TCP socket with a small receive buffer that opens the socket and then
 * reads nothing until told to: a client that stalls. {@link #drainUntilClose} later reads what the
 * server managed to send and returns the close code it ended with.
 */
public final class StalledWsClient implements AutoCloseable {

    private final Socket socket;
    private final DataInputStream in;
    private long textBytesRead;

    private StalledWsClient(Socket socket, DataInputStream in) {
        this.socket = socket;
        this.in = in;
    }

    /** Opens {@code pathAndQuery} on 127.0.0.1:port and fails unless the server switches protocols. */
    public static StalledWsClient open(int port, String pathAndQuery, int receiveBufferBytes) {
        try {
            Socket socket = new Socket();
            socket.setReceiveBufferSize(receiveBufferBytes); // before connect, so the window stays small
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(20_000);
            String request = "GET " + pathAndQuery + " HTTP/1.1\r\n"
                    + "Host: localhost:" + port + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: c3RhbGxlZCBjbGllbnQgIQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            String head = readHead(in);
            if (!head.startsWith("HTTP/1.1 101")) {
                socket.close();
                throw new AssertionError("not upgraded: " + head);
            }
            return new StalledWsClient(socket, in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads frames until the server's close frame and returns its status code, or -1 when the
     * connection ends without one.
     */
    public int drainUntilClose() {
        try {
            while (true) {
                int first = in.readUnsignedByte();
                int second = in.readUnsignedByte();
                long length = second & 0x7F;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                int opcode = first & 0x0F;
                if (opcode == 8) {
                    return length >= 2 ? in.readUnsignedShort() : 1005;
                }
                if (opcode == 1 || opcode == 0) {
                    textBytesRead += length;
                }
                in.skipNBytes(length);
            }
        } catch (EOFException e) {
            return -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Payload bytes of text frames read by {@link #drainUntilClose}. */
    public long textBytesRead() {
        return textBytesRead;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private static String readHead(DataInputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }
}
