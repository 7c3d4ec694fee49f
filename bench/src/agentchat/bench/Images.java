package agentchat.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static agentchat.bench.Bench.KEY;
import static agentchat.bench.Bench.extract;
import static agentchat.bench.Bench.line;
import static agentchat.bench.Bench.load;
import static agentchat.bench.Bench.out;
import static agentchat.bench.Bench.quick;

/**
 * Scenario 7: what an image costs the server, as process CPU (utime + stime from /proc, 10 ms
 * ticks) from the last byte the client sends to the answer: user_message_stored for a 1, 4 and
 * 10 MiB image sent inline in one WebSocket frame (as browsers send it), 201 for a 10 MiB upload,
 * and user_message_stored for that upload sent by attachment id. All bytes but the last go out
 * first, then a pause lets the server settle, so the window holds only the work the last byte
 * starts. The server runs with no agent configured, so nothing after user_message_stored (history,
 * model request) runs in the window. Baseline: a text message in the same run.
 */
final class Images {

    private static final int MIB = 1024 * 1024;
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};

    private Images() {
    }

    static void run(String mariaUrl, String mariaUser, String mariaPassword, Bench.FakeSse upstream) throws Exception {
        line("## 7. Images: server CPU from the last byte to the answer");
        line("");
        line("Process CPU of the server (utime+stime, 10 ms resolution) between the client's last byte and the "
                + "event or response that answers it; median and max of the runs. No agent configured, so the "
                + "window holds no model call. An inline image is one text frame (base64 in JSON, as a browser sends it).");
        line("");
        line("| database | what | runs | CPU median | CPU max | wall median | load |");
        line("|---|---|---|---|---|---|---|");
        Path dir = out.resolve("run-images");
        Bench.deleteTree(dir);
        Files.createDirectories(dir);
        String h2Url = "jdbc:h2:file:" + dir.resolve("data/agentchat");
        measure("H2", dir, h2Url, "sa", "", upstream);
        if (mariaUrl != null) {
            Path mariaDir = out.resolve("run-images-mariadb");
            Bench.deleteTree(mariaDir);
            Files.createDirectories(mariaDir);
            measure("MariaDB", mariaDir, mariaUrl, mariaUser, mariaPassword, upstream);
        }
        line("");
    }

    private static void measure(String database, Path dir, String dbUrl, String user, String password,
                                Bench.FakeSse upstream) throws Exception {
        Bench.Server server = Bench.Server.start(dir, dbUrl, user, password, upstream, List.of(),
                Map.of("AGENT_API_KEY", "", "ANTHROPIC_API_KEY", ""));
        try {
            int runs = quick ? 3 : 5;
            warmUp(server);
            report(database, "text message (baseline) → user_message_stored", server,
                    runs, () -> inline(server, textMessage(), true));
            for (int size : new int[] {MIB, 4 * MIB, 10 * MIB}) {
                report(database, "inline image " + size / MIB + " MiB → user_message_stored", server, runs,
                        () -> inline(server, imageMessage(randomPng(size)), true));
            }
            report(database, "upload 10 MiB (POST attachments) → 201", server, runs,
                    () -> upload(server, server.createChat("upload"), randomPng(10 * MIB)));
            report(database, "send 10 MiB attachment by id → user_message_stored", server, runs, () -> {
                String chatId = server.createChat("by id");
                String attachmentId = extract(upload(server, chatId, randomPng(10 * MIB)).body, "\"id\":\"([^\"]+)\"");
                return inline(server, chatId, byIdMessage(attachmentId), true);
            });
            report(database, "same, on a socket with ?imageData=false", server, runs, () -> {
                String chatId = server.createChat("by id, light");
                String attachmentId = extract(upload(server, chatId, randomPng(10 * MIB)).body, "\"id\":\"([^\"]+)\"");
                return inline(server, chatId, byIdMessage(attachmentId), false);
            });
        } finally {
            server.stop();
        }
    }

    private record Sample(long cpuNanos, long wallNanos, String body) {
    }

    private interface Measurement {
        Sample run() throws Exception;
    }

    private static void report(String database, String what, Bench.Server server, int runs, Measurement measurement)
            throws Exception {
        List<Long> cpu = new ArrayList<>();
        List<Long> wall = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            Sample sample = measurement.run();
            cpu.add(sample.cpuNanos());
            wall.add(sample.wallNanos());
        }
        long[] c = Bench.sorted(cpu);
        long[] w = Bench.sorted(wall);
        line("| " + database + " | " + what + " | " + runs + " | " + Bench.ms(Bench.pct(c, 0.5)) + " | "
                + Bench.ms(Bench.max(c)) + " | " + Bench.ms(Bench.pct(w, 0.5)) + " | " + load() + " |");
    }

    private static void warmUp(Bench.Server server) throws Exception {
        for (int i = 0; i < 3; i++) {
            inline(server, imageMessage(randomPng(MIB)), true);
            upload(server, server.createChat("warm-up"), randomPng(MIB));
        }
    }

    private static Sample inline(Bench.Server server, String message, boolean imageData) throws Exception {
        return inline(server, server.createChat("image"), message, imageData);
    }

    /** Sends the frame but its last byte, waits, then the last byte; CPU until user_message_stored. */
    private static Sample inline(Bench.Server server, String chatId, String message, boolean imageData) throws Exception {
        Bench.WsConn socket = Bench.WsConn.open(server.port, chatId, imageData ? "" : "&imageData=false");
        try {
            byte[] frame = Bench.WsConn.frame(message);
            socket.out.write(frame, 0, frame.length - 1);
            socket.out.flush();
            Thread.sleep(400);
            long cpu0 = server.cpuNanos();
            long t0 = System.nanoTime();
            socket.out.write(frame, frame.length - 1, 1);
            socket.out.flush();
            while (true) {
                String event = socket.receive();
                if (event == null) {
                    throw new IllegalStateException("socket closed before user_message_stored");
                }
                if (event.startsWith("{\"type\":\"user_message_stored\"")) {
                    long wall = System.nanoTime() - t0;
                    return new Sample(server.cpuNanos() - cpu0, wall, event.length() + " chars");
                }
                if (event.startsWith("{\"type\":\"error\"")) {
                    throw new IllegalStateException("refused: " + event.substring(0, Math.min(300, event.length())));
                }
            }
        } finally {
            socket.closeQuietly();
        }
    }

    /** POST the bytes but the last one, wait, then the last byte; CPU until the response head and body. */
    private static Sample upload(Bench.Server server, String chatId, byte[] image) throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port), 10_000);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/chats/" + chatId + "/attachments HTTP/1.1\r\nHost: 127.0.0.1:" + server.port
                    + "\r\nAuthorization: Bearer " + KEY + "\r\nContent-Type: image/png\r\nContent-Length: " + image.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(image, 0, image.length - 1);
            out.flush();
            Thread.sleep(400);
            long cpu0 = server.cpuNanos();
            long t0 = System.nanoTime();
            out.write(image, image.length - 1, 1);
            out.flush();
            InputStream in = socket.getInputStream();
            String head = Bench.readHead(in);
            int length = Integer.parseInt(extract(head.toLowerCase(), "content-length: (\\d+)"));
            String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            long wall = System.nanoTime() - t0;
            long cpu = server.cpuNanos() - cpu0;
            if (!head.startsWith("HTTP/1.1 201")) {
                throw new IllegalStateException("upload refused: " + head.lines().findFirst().orElse("") + " " + body);
            }
            return new Sample(cpu, wall, body);
        }
    }

    private static String textMessage() {
        return "{\"type\":\"send_message\",\"content\":\"hello bench\"}";
    }

    private static String imageMessage(byte[] image) {
        return "{\"type\":\"send_message\",\"content\":[{\"type\":\"text\",\"text\":\"What is this?\"},"
                + "{\"type\":\"image\",\"mimeType\":\"image/png\",\"imageData\":\"data:image/png;base64,"
                + Base64.getEncoder().encodeToString(image) + "\"}]}";
    }

    private static String byIdMessage(String attachmentId) {
        return "{\"type\":\"send_message\",\"content\":[{\"type\":\"text\",\"text\":\"What is this?\"},"
                + "{\"type\":\"image\",\"attachmentId\":\"" + attachmentId + "\"}]}";
    }

    /** A PNG signature and random bytes: the server checks the signature, and no two runs store the same bytes. */
    private static byte[] randomPng(int size) {
        byte[] bytes = new byte[size];
        ThreadLocalRandom.current().nextBytes(bytes);
        System.arraycopy(PNG_SIGNATURE, 0, bytes, 0, PNG_SIGNATURE.length);
        return bytes;
    }
}
