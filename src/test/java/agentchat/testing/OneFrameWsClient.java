package agentchat.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import agentchat.json.Json;
import jakarta.json.JsonObject;

/**
 * A WebSocket client on a plain TCP socket that sends every message as one frame, as browsers do
 * (the JDK's client splits big messages into many frames, which hides what one big frame costs).
 */
public final class OneFrameWsClient implements AutoCloseable {

    private final Socket socket;
    private final DataInputStream in;

    private OneFrameWsClient(Socket socket, DataInputStream in) {
        this.socket = socket;
        this.in = in;
    }

    /** Opens {@code pathAndQuery} on 127.0.0.1:port and fails unless the server switches protocols. */
    public static OneFrameWsClient open(int port, String pathAndQuery) {
        try {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout((int) WsClient.WAIT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: localhost:" + port + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: b25lIGZyYW1lIGNsaWVudA==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.append((char) b);
            }
            if (!head.toString().startsWith("HTTP/1.1 101")) {
                socket.close();
                throw new AssertionError("not upgraded: " + head);
            }
            return new OneFrameWsClient(socket, in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public OneFrameWsClient send(JsonObject message) {
        try {
            socket.getOutputStream().write(maskedTextFrame(message.toString()));
            socket.getOutputStream().flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next text message (frames of the server are never masked); fails after {@link WsClient#WAIT}. */
    public JsonObject next() {
        try {
            ByteArrayOutputStream message = new ByteArrayOutputStream();
            while (true) {
                int first = in.readUnsignedByte();
                int second = in.readUnsignedByte();
                long length = second & 0x7F;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                byte[] payload = in.readNBytes((int) length);
                int opcode = first & 0x0F;
                if (opcode == 8) {
                    throw new AssertionError("the server closed the socket");
                }
                if (opcode == 0 || opcode == 1) {
                    message.writeBytes(payload);
                    if ((first & 0x80) != 0) {
                        return Json.parseObject(message.toString(StandardCharsets.UTF_8));
                    }
                }
            }
        } catch (EOFException e) {
            throw new AssertionError("the connection ended", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A client text frame: FIN, masked, the payload in one piece. */
    public static byte[] maskedTextFrame(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] mask = {0x11, 0x22, 0x33, 0x44};
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write(0x81);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xFF);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >>> shift) & 0xFF);
            }
        }
        frame.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i & 3]);
        }
        return frame.toByteArray();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
