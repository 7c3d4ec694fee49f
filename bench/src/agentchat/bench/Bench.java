package agentchat.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * agentchat load generator. One JVM holds the fake upstream (which stamps every delta with
 * System.nanoTime() when it writes it), the clients that go through agentchat, and the baseline
 * clients that read the same fake upstream directly: so every latency is measured on one clock.
 * agentchat itself runs as a separate process (java -jar target/agentchat.jar), started and
 * stopped here. Only 127.0.0.1 is ever contacted; every loop is bounded in count and time.
 *
 * Usage: java -cp ... agentchat.bench.Bench <repoDir> <outDir> [quick] [mariadbUrl user password]
 */
public final class Bench {

    static final String KEY = "bench-key";
    static final Pattern STAMP = Pattern.compile("@(\\d+)");
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newVirtualThreadPerTaskExecutor()).build();

    static Path repo;
    static Path out;
    static boolean quick;
    static final StringBuilder report = new StringBuilder();
    static final List<Process> processes = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        repo = Path.of(args[0]).toAbsolutePath();
        out = Path.of(args[1]).toAbsolutePath();
        quick = args.length > 2 && args[2].equals("quick");
        String mariaUrl = args.length > 5 ? args[3] : null;
        String mariaUser = args.length > 5 ? args[4] : null;
        String mariaPassword = args.length > 5 ? args[5] : null;
        Files.createDirectories(out);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> processes.forEach(Process::destroyForcibly)));
        Thread watchdog = new Thread(() -> {
            try {
                long minutes = Long.parseLong(System.getenv().getOrDefault("BENCH_LIMIT_MINUTES", "9"));
                Thread.sleep(Duration.ofMinutes(minutes));
                System.err.println("bench: " + minutes + "-minute limit reached, stopping");
                flushReport();
                Runtime.getRuntime().halt(3);
            } catch (InterruptedException ignored) {
                // done in time
            }
        });
        watchdog.setDaemon(true);
        watchdog.start();

        line("# agentchat bench results");
        line("");
        line("- date: " + java.time.Instant.now() + ", JDK " + System.getProperty("java.version")
                + ", cores " + Runtime.getRuntime().availableProcessors() + ", server "
                + ("efficiency".equals(System.getenv("BENCH_ONLY")) ? "JVM flags per variant (below)" : "heap -Xmx512m")
                + ", mode "
                + (quick ? "quick" : "full"));
        line("- load at start: " + load());
        line("");

        String redisUrl = System.getenv("BENCH_REDIS_URL");
        if ("cross".equals(System.getenv("BENCH_ONLY"))) {
            if (mariaUrl == null || redisUrl == null) {
                throw new IllegalStateException("BENCH_ONLY=cross needs MariaDB and Redis (redis-server installed)");
            }
            try (FakeSse upstream = FakeSse.start()) {
                CrossInstance.run(upstream, mariaUrl, mariaUser, mariaPassword, redisUrl);
            }
            line("- load at end: " + load());
            flushReport();
            System.exit(0);
        }
        if ("efficiency".equals(System.getenv("BENCH_ONLY"))) {
            try (FakeSse upstream = FakeSse.start()) {
                Efficiency.run(upstream);
            }
            line("- load at end: " + load());
            flushReport();
            System.exit(0);
        }
        try (FakeSse upstream = FakeSse.start()) {
            Path h2Dir = out.resolve("run-h2");
            deleteTree(h2Dir);
            Files.createDirectories(h2Dir);
            String h2Url = "jdbc:h2:file:" + h2Dir.resolve("data/agentchat")
                    + ";MODE=MariaDB;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
            Server server = Server.start(h2Dir, h2Url, "sa", "", upstream, List.of());
            line("## 5. Startup (first start, fresh H2 database: includes schema migration)");
            line("");
            line("| run | process start → first 200 /health | load |");
            line("|---|---|---|");
            line("| fresh H2 (migrates) | " + ms(server.startupNanos) + " | " + load() + " |");
            line("");

            if ("images".equals(System.getenv("BENCH_ONLY"))) {
                server.stop();
                Images.run(mariaUrl, mariaUser, mariaPassword, upstream);
                flushReport();
                System.exit(0);
            }
            warmUp(server, upstream);
            if ("shutdown".equals(System.getenv("BENCH_ONLY"))) {
                shutdownUnderLoad(server, upstream);
                flushReport();
                System.exit(0);
            }
            String sizes = System.getenv("BENCH_RELAY_SIZES");
            relayOverhead(server, upstream, sizes != null && !sizes.isBlank()
                    ? Arrays.stream(sizes.split(",")).mapToInt(Integer::parseInt).toArray()
                    : quick ? new int[] {10, 100} : new int[] {10, 100, 1000});
            if ("shutdown".equals(System.getenv("BENCH_ONLY"))) {
                shutdownUnderLoad(server, upstream);
                flushReport();
                System.exit(0);
            }
            if ("relay".equals(System.getenv("BENCH_ONLY"))) {
                server.stop();
                flushReport();
                System.exit(0);
            }
            turnStart(server, upstream);
            Images.run(null, null, null, upstream);
            rest(server, "H2");
            idleSockets(server, quick ? 2000 : 10_000);
            String bigChat = server.createChat("big");
            server.stop();

            seedMessages(h2Url, bigChat, 10_000);
            List<Long> plain = new ArrayList<>();
            for (int i = 0; i < (quick ? 1 : 3); i++) {
                server = Server.start(h2Dir, h2Url, "sa", "", upstream, List.of());
                plain.add(server.startupNanos);
                if (i < (quick ? 0 : 2)) {
                    server.stop();
                }
            }
            bigChat(server, upstream, bigChat);
            server.stop();

            Path jsa = out.resolve("agentchat.jsa");
            Files.deleteIfExists(jsa);
            List<String> cds = List.of("-XX:SharedArchiveFile=" + jsa, "-XX:+AutoCreateSharedArchive");
            Server trained = Server.start(h2Dir, h2Url, "sa", "", upstream, cds);
            long training = trained.startupNanos;
            trained.stop();
            List<Long> withCds = new ArrayList<>();
            for (int i = 0; i < (quick ? 1 : 3); i++) {
                Server s = Server.start(h2Dir, h2Url, "sa", "", upstream, cds);
                withCds.add(s.startupNanos);
                s.stop();
            }
            line("## 5. Startup (existing database)");
            line("");
            line("| run | process start → first 200 /health, each run | load |");
            line("|---|---|---|");
            line("| plain `java -jar` | " + msList(plain) + " | " + load() + " |");
            line("| AppCDS training run (writes the archive at exit) | " + ms(training) + " | |");
            line("| AppCDS (`-XX:SharedArchiveFile=… -XX:+AutoCreateSharedArchive`) | " + msList(withCds)
                    + " | " + load() + " |");
            line("");

            Server victim = Server.start(h2Dir, h2Url, "sa", "", upstream, List.of());
            shutdownUnderLoad(victim, upstream);

            if (mariaUrl != null) {
                Path mDir = out.resolve("run-mariadb");
                deleteTree(mDir);
                Files.createDirectories(mDir);
                Server maria = Server.start(mDir, mariaUrl, mariaUser, mariaPassword, upstream, List.of());
                line("MariaDB server startup (existing empty database, migrates): " + ms(maria.startupNanos));
                line("");
                warmUpRest(maria);
                rest(maria, "MariaDB");
                maria.stop();
                if (redisUrl != null) {
                    CrossInstance.run(upstream, mariaUrl, mariaUser, mariaPassword, redisUrl);
                } else {
                    line("(Scenario 8, several instances, skipped: no Redis given)");
                }
            } else {
                line("(MariaDB REST run and scenario 8 skipped: no MariaDB given)");
            }
        }
        line("- load at end: " + load());
        flushReport();
        watchdog.interrupt();
        System.exit(0);
    }

    // ---------------------------------------------------------------- scenarios

    static void warmUp(Server server, FakeSse upstream) throws Exception {
        upstream.configure(20, 5);
        runStreams(server, upstream, 50, 5, 1);
        upstream.configure(3, 0);
        runStreams(server, upstream, 20, 0, 20);
        for (int i = 0; i < 300; i++) {
            server.get("/api/chats?limit=20");
        }
    }

    static void relayOverhead(Server server, FakeSse upstream, int[] sizes) throws Exception {
        int deltas = quick ? 20 : 40;
        int paceMs = 50;
        line("## 1. Relay overhead (upstream send → client receipt, per delta)");
        line("");
        line("Each chat streams " + deltas + " deltas, one every " + paceMs + " ms (20 deltas/s per chat). "
                + "Baseline: clients reading the same fake upstream directly, concurrently, in the same run "
                + "(N/10, at least 10). Overhead = server-path percentile − direct-path percentile.");
        line("");
        line("| chats | path | deltas | p50 | p99 | max | overhead p50 | overhead p99 | overhead max | deltas/s through server | server CPU per delta | load |");
        line("|---|---|---|---|---|---|---|---|---|---|---|---|");
        upstream.configure(deltas, paceMs);
        for (int n : sizes) {
            long cpu0 = server.cpuNanos();
            StreamResult r = runStreams(server, upstream, n, paceMs, 1);
            long cpu = server.cpuNanos() - cpu0;
            long[] s = sorted(r.serverLatency);
            long[] d = sorted(r.directLatency);
            String ld = load();
            line("| " + n + " | agentchat | " + s.length + " | " + us(pct(s, 0.5)) + " | " + us(pct(s, 0.99)) + " | "
                    + us(max(s)) + " | **" + us(pct(s, 0.5) - pct(d, 0.5)) + "** | **" + us(pct(s, 0.99) - pct(d, 0.99))
                    + "** | " + us(max(s) - max(d)) + " | " + Math.round(s.length / (r.wallNanos / 1e9)) + " | "
                    + (s.length == 0 ? "-" : us(cpu / s.length)) + " (incl. turn start/end) | " + ld + " |");
            line("| " + n + " | direct (baseline) | " + d.length + " | " + us(pct(d, 0.5)) + " | " + us(pct(d, 0.99))
                    + " | " + us(max(d)) + " | | | | | | |");
            if (r.errors.get() > 0 || s.length < (long) n * deltas) {
                line("| | (" + r.errors.get() + " error events; " + s.length + " of " + (long) n * deltas + " deltas) | | | | | | | | | |");
            }
        }
        line("");
    }

    static void turnStart(Server server, FakeSse upstream) throws Exception {
        upstream.configure(3, 0);
        line("## 2. Turn start (send_message → message_start, → first message_delta)");
        line("");
        line("Baseline: a direct request to the fake upstream, from request write to its first delta.");
        line("");
        line("| chats | turns | → message_start p50 | p99 | → first delta p50 | p99 | direct → first delta p50 | p99 | load |");
        line("|---|---|---|---|---|---|---|---|---|");
        for (int[] shape : new int[][] {{1, quick ? 30 : 100}, {100, quick ? 2 : 5}}) {
            StreamResult r = runStreams(server, upstream, shape[0], 20, shape[1]);
            long[] st = sorted(r.toStart);
            long[] fd = sorted(r.toFirstDelta);
            long[] dd = sorted(r.directFirst);
            line("| " + shape[0] + " | " + st.length + " | " + us(pct(st, 0.5)) + " | " + us(pct(st, 0.99)) + " | "
                    + us(pct(fd, 0.5)) + " | " + us(pct(fd, 0.99)) + " | " + us(pct(dd, 0.5)) + " | " + us(pct(dd, 0.99))
                    + " | " + load() + " |");
        }
        line("");
    }

    /** SIGTERM while 20 chats stream long answers: PROTOCOL.md says exit within a grace period of at most 10 s. */
    static void shutdownUnderLoad(Server server, FakeSse upstream) throws Exception {
        int chats = 20;
        upstream.configure(600, 50); // 30 s answers
        List<WsConn> sockets = new ArrayList<>();
        for (int i = 0; i < chats; i++) {
            WsConn socket = WsConn.open(server.port, server.createChat("shutdown " + i));
            socket.sendText("{\"type\":\"send_message\",\"content\":\"long answer please\"}");
            sockets.add(socket);
        }
        Thread.sleep(2000);
        long t0 = System.nanoTime();
        server.process.destroy(); // SIGTERM
        boolean exited = server.process.waitFor(60, TimeUnit.SECONDS);
        long exitNanos = System.nanoTime() - t0;
        if (!exited) {
            server.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        processes.remove(server.process);
        int interrupted = 0;
        int closed1001 = 0;
        for (WsConn socket : sockets) {
            socket.socket.setSoTimeout(2000);
            try {
                String event;
                while ((event = socket.receive()) != null) {
                    if (event.contains("\"stopReason\":\"interrupted\"")) {
                        interrupted++;
                    }
                }
                if (socket.lastClose == 1001) {
                    closed1001++;
                }
            } catch (IOException e) {
                // reset or timeout
            }
            socket.closeQuietly();
        }
        upstream.configure(3, 0);
        line("## 6. SIGTERM with " + chats + " chats streaming 30 s answers");
        line("");
        line("| SIGTERM → process exit | message_complete with stopReason interrupted | sockets closed with 1001 | load |");
        line("|---|---|---|---|");
        line("| " + (exited ? ms(exitNanos) : "not within 60 s (killed)") + " | " + interrupted + " of " + chats + " | "
                + closed1001 + " of " + chats + " | " + load() + " |");
        line("");
        line("Contract (PROTOCOL.md): finish or cancel running generations within a grace period of at most 10 s.");
        line("");
    }

    static void warmUpRest(Server server) throws Exception {
        for (int i = 0; i < 200; i++) {
            server.get("/api/chats?limit=20");
        }
    }

    static void rest(Server server, String label) throws Exception {
        List<String> chats = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            chats.add(server.createChat("rest " + i));
        }
        int workers = 16;
        long seconds = quick ? 3 : 8;
        Mix base = mix(server, workers, Duration.ofSeconds(2), chats, true);
        base = mix(server, workers, Duration.ofSeconds(quick ? 2 : 4), chats, true);
        Mix m = mix(server, workers, Duration.ofSeconds(seconds), chats, false);
        if (report.indexOf("## 3. REST") < 0) {
            line("## 3. REST mix (" + workers + " concurrent clients, keep-alive; 40% list, 30% get, 20% messages, 10% create)");
            line("");
            line("Baseline: the same clients on an authenticated unknown path (404: routing, auth and JSON error, no database).");
            line("");
            line("| database | requests | req/s | p50 | p99 | non-2xx | baseline req/s | baseline p50 | baseline p99 | load |");
            line("|---|---|---|---|---|---|---|---|---|---|");
        }
        long[] l = sorted(m.latency);
        long[] b = sorted(base.latency);
        line("| " + label + " | " + l.length + " | " + Math.round(l.length / (m.wallNanos / 1e9)) + " | " + us(pct(l, 0.5))
                + " | " + us(pct(l, 0.99)) + " | " + m.failures.get() + " | " + Math.round(b.length / (base.wallNanos / 1e9))
                + " | " + us(pct(b, 0.5)) + " | " + us(pct(b, 0.99)) + " | " + load() + " |");
        if (label.equals("MariaDB")) {
            line("");
        }
    }

    record Mix(ConcurrentLinkedQueue<Long> latency, AtomicInteger failures, long wallNanos) {
    }

    static Mix mix(Server server, int workers, Duration length, List<String> chats, boolean baseline) throws Exception {
        ConcurrentLinkedQueue<Long> latency = new ConcurrentLinkedQueue<>();
        AtomicInteger failures = new AtomicInteger();
        long start = System.nanoTime();
        long end = start + length.toNanos();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < workers; w++) {
                pool.submit(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (int i = 0; i < 1_000_000 && System.nanoTime() < end; i++) {
                        String chat = chats.get(random.nextInt(chats.size()));
                        int pick = random.nextInt(100);
                        long t0 = System.nanoTime();
                        int status;
                        if (baseline) {
                            status = server.get("/api/no-such-thing").statusCode() == 404 ? 200 : 500;
                        } else if (pick < 40) {
                            status = server.get("/api/chats?limit=20").statusCode();
                        } else if (pick < 70) {
                            status = server.get("/api/chats/" + chat).statusCode();
                        } else if (pick < 90) {
                            status = server.get("/api/chats/" + chat + "/messages?limit=50").statusCode();
                        } else {
                            status = server.post("/api/chats", "{\"title\":\"mix\"}").statusCode();
                        }
                        latency.add(System.nanoTime() - t0);
                        if (status >= 300) {
                            failures.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
        }
        return new Mix(latency, failures, System.nanoTime() - start);
    }

    static void idleSockets(Server server, int count) throws Exception {
        line("## 4a. Idle sockets");
        line("");
        int chatsCount = 100;
        List<String> chats = new ArrayList<>();
        for (int i = 0; i < chatsCount; i++) {
            chats.add(server.createChat("idle " + i));
        }
        Mem before = server.memory();
        List<WsConn> sockets = new ArrayList<>();
        long t0 = System.nanoTime();
        AtomicInteger failed = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<WsConn>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String chat = chats.get(i % chatsCount);
                futures.add(pool.submit(() -> {
                    try {
                        return WsConn.open(server.port, chat);
                    } catch (IOException e) {
                        failed.incrementAndGet();
                        return null;
                    }
                }));
            }
            for (Future<WsConn> f : futures) {
                WsConn c = f.get(60, TimeUnit.SECONDS);
                if (c != null) {
                    sockets.add(c);
                }
            }
        }
        long openNanos = System.nanoTime() - t0;
        Thread.sleep(1000);
        Mem after = server.memory();
        if (System.getenv("BENCH_HISTOGRAM") != null) {
            String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
            Files.writeString(out.resolve("histogram-idle-" + server.process.pid() + ".txt"),
                    run(jcmd, String.valueOf(server.process.pid()), "GC.class_histogram"));
        }
        // every socket still answers: a turn on one chat reaches its sockets
        boolean healthy = server.get("/health").statusCode() == 200;
        line("| | open sockets | heap used after full GC | RSS | load |");
        line("|---|---|---|---|---|");
        line("| before (baseline) | 0 | " + mib(before.heapUsedKb) + " | " + mib(before.rssKb) + " | |");
        line("| after | " + sockets.size() + " (" + failed.get() + " failed; opened in " + ms(openNanos) + ") | "
                + mib(after.heapUsedKb) + " | " + mib(after.rssKb) + " | " + load() + " |");
        line("| per socket | | " + (sockets.isEmpty() ? "-" : ((after.heapUsedKb - before.heapUsedKb) * 1024 / sockets.size()) + " B")
                + " | " + (sockets.isEmpty() ? "-" : ((after.rssKb - before.rssKb) * 1024 / sockets.size()) + " B") + " | |");
        line("");
        line("Heap limit of the server process: -Xmx512m; /health after opening: " + (healthy ? "200" : "NOT 200") + ".");
        line("");
        for (WsConn c : sockets) {
            c.closeQuietly();
        }
    }

    static void seedMessages(String url, String chatId, int count) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            c.setAutoCommit(false);
            long now = System.currentTimeMillis() - count * 1000L;
            try (PreparedStatement p = c.prepareStatement("INSERT INTO messages (id, chat_id, seq, role, content, metadata, "
                    + "status, stop_reason, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'complete', ?, ?, ?)")) {
                for (int i = 1; i <= count; i++) {
                    boolean user = i % 2 == 1;
                    p.setString(1, UUID.randomUUID().toString());
                    p.setString(2, chatId);
                    p.setLong(3, i);
                    p.setString(4, user ? "user" : "assistant");
                    p.setString(5, "[{\"type\":\"text\",\"text\":\"message " + i + " of the big chat, about two hundred "
                            + "characters of ordinary text so that the history has a realistic size: lorem ipsum dolor sit "
                            + "amet, consectetur adipiscing elit, sed do eiusmod tempor.\"}]");
                    p.setString(6, user ? null : "{\"stopReason\":\"end_turn\",\"model\":\"claude-bench\"}");
                    p.setString(7, user ? null : "end_turn");
                    p.setLong(8, now + i * 1000L);
                    p.setLong(9, now + i * 1000L);
                    p.addBatch();
                    if (i % 1000 == 0) {
                        p.executeBatch();
                    }
                }
                p.executeBatch();
            }
            try (PreparedStatement p = c.prepareStatement("UPDATE chats SET last_seq = ? WHERE id = ?")) {
                p.setLong(1, count);
                p.setString(2, chatId);
                p.executeUpdate();
            }
            c.commit();
        }
    }

    static void bigChat(Server server, FakeSse upstream, String bigChat) throws Exception {
        line("## 4b. A chat with 10,000 messages");
        line("");
        String small = server.createChat("small");
        int n = quick ? 50 : 200;
        long[] far = new long[n];
        long[] near = new long[n];
        long[] smallPage = new long[n];
        for (int i = 0; i < n; i++) {
            far[i] = timed(() -> server.get("/api/chats/" + bigChat + "/messages?limit=50&offset=9950"));
            near[i] = timed(() -> server.get("/api/chats/" + bigChat + "/messages?limit=50&offset=0"));
            smallPage[i] = timed(() -> server.get("/api/chats/" + small + "/messages?limit=50&offset=0"));
        }
        HttpResponse<String> check = server.get("/api/chats/" + bigChat + "/messages?limit=50&offset=9950");
        upstream.configure(3, 0);
        int turns = quick ? 3 : 10;
        StreamResult big = turnsOn(server, bigChat, turns);
        long bigBody = upstream.lastBodyBytes.get();
        StreamResult smallTurns = turnsOn(server, small, turns);
        long[] bs = sorted(big.toStart);
        long[] ss = sorted(smallTurns.toStart);
        line("| measure | 10,000-message chat p50 | p99 | baseline | baseline p50 | baseline p99 | load |");
        line("|---|---|---|---|---|---|---|");
        far = sorted(far);
        near = sorted(near);
        smallPage = sorted(smallPage);
        line("| GET messages?limit=50&offset=9950 (" + n + "×) | " + us(pct(far, 0.5)) + " | " + us(pct(far, 0.99))
                + " | offset=0, same chat / 0-message chat | " + us(pct(near, 0.5)) + " / " + us(pct(smallPage, 0.5)) + " | "
                + us(pct(near, 0.99)) + " / " + us(pct(smallPage, 0.99)) + " | " + load() + " |");
        line("| send_message → message_start (history assembly) (" + bs.length + "×) | " + us(pct(bs, 0.5)) + " | "
                + us(pct(bs, 0.99)) + " | new chat | " + us(pct(ss, 0.5)) + " | " + us(pct(ss, 0.99)) + " | " + load() + " |");
        line("");
        line("Far page check: status " + check.statusCode() + ", total " + extract(check.body(), "\"total\":(\\d+)")
                + "; upstream request body of the last turn on the big chat: " + bigBody / 1024 + " KiB "
                + "(the conversation is cut to agent.history-budget-tokens before it is sent).");
        line("");
    }

    // ---------------------------------------------------------------- streaming driver

    static final class StreamResult {
        final ConcurrentLinkedQueue<Long> serverLatency = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<Long> directLatency = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<Long> toStart = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<Long> toFirstDelta = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<Long> directFirst = new ConcurrentLinkedQueue<>();
        final AtomicInteger errors = new AtomicInteger();
        long wallNanos;
    }

    /** n chats, each running `turns` turns one after another; direct baseline clients alongside. */
    static StreamResult runStreams(Server server, FakeSse upstream, int n, int staggerMs, int turns) throws Exception {
        List<String> chats = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<String>> ids = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ids.add(pool.submit(() -> server.createChat("stream")));
            }
            for (Future<String> f : ids) {
                chats.add(f.get());
            }
        }
        List<WsConn> sockets = new ArrayList<>();
        for (String chat : chats) {
            sockets.add(WsConn.open(server.port, chat));
        }
        StreamResult result = drive(sockets, upstream, staggerMs, turns, Math.max(10, n / 10), Math.min(turns, 5));
        sockets.forEach(WsConn::closeQuietly);
        return result;
    }

    /** Every socket runs {@code turns} turns, {@code direct} baseline readers alongside, starts spread over staggerMs. */
    static StreamResult drive(List<WsConn> sockets, FakeSse upstream, int staggerMs, int turns, int direct,
                              int directTurns) throws Exception {
        StreamResult result = new StreamResult();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (WsConn socket : sockets) {
                pool.submit(() -> {
                    if (staggerMs > 0) {
                        Thread.sleep(ThreadLocalRandom.current().nextInt(staggerMs));
                    }
                    for (int t = 0; t < turns; t++) {
                        socket.turn(result);
                    }
                    return null;
                });
            }
            for (int i = 0; i < direct; i++) {
                pool.submit(() -> {
                    if (staggerMs > 0) {
                        Thread.sleep(ThreadLocalRandom.current().nextInt(staggerMs));
                    }
                    for (int t = 0; t < directTurns; t++) {
                        upstream.readDirectly(result);
                    }
                    return null;
                });
            }
        }
        result.wallNanos = System.nanoTime() - start;
        return result;
    }

    static StreamResult turnsOn(Server server, String chat, int turns) throws Exception {
        StreamResult result = new StreamResult();
        WsConn socket = WsConn.open(server.port, chat);
        for (int i = 0; i < turns; i++) {
            socket.turn(result);
        }
        socket.closeQuietly();
        return result;
    }

    // ---------------------------------------------------------------- the agentchat process

    record Mem(long heapUsedKb, long rssKb) {
    }

    static final class Server {
        final Process process;
        final int port;
        final long startupNanos;

        private Server(Process process, int port, long startupNanos) {
            this.process = process;
            this.port = port;
            this.startupNanos = startupNanos;
        }

        static Server start(Path dir, String dbUrl, String user, String password, FakeSse upstream, List<String> jvmArgs)
                throws Exception {
            return start(dir, dbUrl, user, password, upstream, jvmArgs, Map.of());
        }

        /** @param agentEnv environment that replaces the defaults below (e.g. AGENT_PROVIDER=claude-code) */
        static Server start(Path dir, String dbUrl, String user, String password, FakeSse upstream, List<String> jvmArgs,
                            Map<String, String> agentEnv) throws Exception {
            List<String> jvm = new ArrayList<>();
            jvm.add("-Xmx512m");
            jvm.addAll(jvmArgs);
            return launch(repo.resolve("target/agentchat.jar"), jvm, dir, dbUrl, user, password, upstream, agentEnv);
        }

        /** A server from {@code jar} with exactly {@code jvmArgs} (plus SERVER_JVM_ARGS): no default heap flag. */
        static Server launch(Path jar, List<String> jvmArgs, Path dir, String dbUrl, String user, String password,
                             FakeSse upstream, Map<String, String> agentEnv) throws Exception {
            int port;
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = probe.getLocalPort();
            }
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(jvmArgs);
            String extra = System.getenv("SERVER_JVM_ARGS");
            if (extra != null && !extra.isBlank()) {
                cmd.addAll(List.of(extra.trim().split("\\s+")));
            }
            cmd.addAll(List.of("-jar", jar.toString()));
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.log").toFile()));
            Map<String, String> env = pb.environment();
            env.put("PORT", String.valueOf(port));
            env.put("HOST", "127.0.0.1");
            env.put("API_KEYS", "bench=" + KEY);
            env.put("DB_URL", dbUrl);
            env.put("DB_USER", user);
            env.put("DB_PASSWORD", password);
            env.put("AGENT_PROVIDER", "anthropic");
            env.put("AGENT_BASE_URL", upstream.baseUrl());
            env.put("AGENT_API_KEY", "bench-upstream-key");
            env.put("AGENT_MODEL", "claude-bench");
            env.put("AGENT_TOOLS", "none");
            env.putAll(agentEnv);
            long t0 = System.nanoTime();
            Process process = pb.start();
            processes.add(process);
            HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                    .timeout(Duration.ofSeconds(2)).build();
            long deadline = t0 + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                try {
                    if (HTTP.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        break;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("agentchat did not become healthy; see " + dir.resolve("server.log"));
                }
                Thread.sleep(2);
            }
            return new Server(process, port, System.nanoTime() - t0);
        }

        HttpResponse<String> get(String path) throws IOException, InterruptedException {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Authorization", "Bearer " + KEY).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        String createChat(String title) throws IOException, InterruptedException {
            HttpResponse<String> r = post("/api/chats", "{\"title\":\"" + title + "\"}");
            if (r.statusCode() != 201) {
                throw new IllegalStateException("create chat: " + r.statusCode() + " " + r.body());
            }
            return extract(r.body(), "\"id\":\"([^\"]+)\"");
        }

        Mem memory() throws Exception {
            String pid = String.valueOf(process.pid());
            String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
            run(jcmd, pid, "GC.run");
            String heap = run(jcmd, pid, "GC.heap_info");
            // G1: one "garbage-first heap ... used NK" line; serial and parallel: one line per generation
            long used = 0;
            for (String line : heap.lines().toList()) {
                Matcher generation = Pattern.compile("(heap|generation|DefNew|Tenured|PSYoungGen|ParOldGen)\\s.*?"
                        + "used (\\d+)K").matcher(line);
                if (!line.contains("Metaspace") && !line.contains("class space") && generation.find()) {
                    used += Long.parseLong(generation.group(2));
                }
            }
            String status = Files.readString(Path.of("/proc", pid, "status"));
            long rss = Long.parseLong(extract(status, "VmRSS:\\s+(\\d+) kB"));
            return new Mem(used, rss);
        }

        /** utime + stime of the server process, from /proc (clock ticks of 10 ms). */
        long cpuNanos() throws IOException {
            String[] f = stat();
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
        }

        /** utime + stime of the server's JIT compiler threads (those alive now), from /proc. */
        long jitCpuNanos() throws IOException {
            long ticks = 0;
            try (var tasks = Files.list(Path.of("/proc", String.valueOf(process.pid()), "task"))) {
                for (Path task : tasks.toList()) {
                    String stat;
                    try {
                        stat = Files.readString(task.resolve("stat"));
                    } catch (IOException gone) {
                        continue;
                    }
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (name.contains("CompilerThre")) {
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    }
                }
            }
            return ticks * 10_000_000L;
        }

        /** cutime + cstime: CPU of the server's child processes that have ended (e.g. one CLI per turn). */
        long childCpuNanos() throws IOException {
            String[] f = stat();
            return (Long.parseLong(f[13]) + Long.parseLong(f[14])) * 10_000_000L;
        }

        private String[] stat() throws IOException {
            String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        }

        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            processes.remove(process);
        }
    }

    static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return text;
    }

    // ---------------------------------------------------------------- fake upstream (Anthropic SSE)

    static final class FakeSse implements AutoCloseable {
        private final ServerSocket server;
        private volatile int deltas = 10;
        private volatile int paceMs = 0;
        final AtomicLong lastBodyBytes = new AtomicLong();
        /** System.nanoTime() when the last request's head had been read. */
        final AtomicLong lastRequestNanos = new AtomicLong();

        private FakeSse(ServerSocket server) {
            this.server = server;
            Thread.ofPlatform().daemon().name("fake-sse-accept").start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        Thread.ofVirtual().start(() -> serve(s));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        static FakeSse start() throws IOException {
            ServerSocket s = new ServerSocket();
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
            return new FakeSse(s);
        }

        String baseUrl() {
            return "http://127.0.0.1:" + server.getLocalPort();
        }

        void configure(int deltas, int paceMs) {
            this.deltas = deltas;
            this.paceMs = paceMs;
        }

        private void serve(Socket socket) {
            try (socket) {
                socket.setTcpNoDelay(true);
                InputStream in = new BufferedInputStream(socket.getInputStream());
                String head = readHead(in);
                lastRequestNanos.set(System.nanoTime());
                Matcher length = Pattern.compile("(?i)content-length:\\s*(\\d+)").matcher(head);
                long body = length.find() ? Long.parseLong(length.group(1)) : 0;
                in.readNBytes((int) body);
                lastBodyBytes.set(body);
                stream(socket.getOutputStream(), deltas, paceMs);
            } catch (IOException | InterruptedException e) {
                // client went away
            }
        }

        static void stream(OutputStream out, int deltas, int paceMs) throws IOException, InterruptedException {
            out.write(("HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncache-control: no-cache\r\n"
                    + "connection: close\r\ntransfer-encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            chunk(out, "message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_bench\",\"type\":\"message\","
                    + "\"role\":\"assistant\",\"content\":[],\"model\":\"claude-bench\",\"stop_reason\":null,"
                    + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":10,\"output_tokens\":1}}}");
            chunk(out, "content_block_start",
                    "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");
            for (int i = 0; i < deltas; i++) {
                if (i > 0 && paceMs > 0) {
                    Thread.sleep(paceMs);
                }
                chunk(out, "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,"
                        + "\"delta\":{\"type\":\"text_delta\",\"text\":\"tok @" + System.nanoTime() + " \"}}");
            }
            chunk(out, "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}");
            chunk(out, "message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
                    + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":" + deltas + "}}");
            chunk(out, "message_stop", "{\"type\":\"message_stop\"}");
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        static void chunk(OutputStream out, String event, String data) throws IOException {
            byte[] bytes = ("event: " + event + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
            out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        /** The baseline: one request straight to this fake upstream, timing each delta as agentchat's clients do. */
        void readDirectly(StreamResult result) throws IOException {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                s.setTcpNoDelay(true);
                byte[] body = "{\"model\":\"claude-bench\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
                        .getBytes(StandardCharsets.UTF_8);
                long t0 = System.nanoTime();
                OutputStream out = s.getOutputStream();
                out.write(("POST /v1/messages HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n"
                        + "content-length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                InputStream in = new BufferedInputStream(s.getInputStream());
                readHead(in);
                boolean first = true;
                StringBuilder line = new StringBuilder();
                int b;
                while ((b = in.read()) >= 0) {
                    if (b != '\n') {
                        line.append((char) b);
                        continue;
                    }
                    long now = System.nanoTime();
                    if (line.indexOf("text_delta") >= 0) {
                        Matcher m = STAMP.matcher(line);
                        while (m.find()) {
                            result.directLatency.add(now - Long.parseLong(m.group(1)));
                        }
                        if (first) {
                            result.directFirst.add(now - t0);
                            first = false;
                        }
                    }
                    if (line.indexOf("message_stop") >= 0) {
                        return;
                    }
                    line.setLength(0);
                }
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            head.append((char) b);
            int n = head.length();
            if (n >= 4 && head.charAt(n - 1) == '\n' && head.charAt(n - 2) == '\r' && head.charAt(n - 3) == '\n'
                    && head.charAt(n - 4) == '\r') {
                return head.toString();
            }
        }
        throw new IOException("connection closed in the head");
    }

    // ---------------------------------------------------------------- a minimal WebSocket client

    static final class WsConn {
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        volatile int lastClose = -1;

        private WsConn(Socket socket, InputStream in) throws IOException {
            this.socket = socket;
            this.in = in;
            this.out = socket.getOutputStream();
        }

        static WsConn open(int port, String chatId) throws IOException {
            return open(port, chatId, "");
        }

        /** @param query more of the socket URL's query, e.g. "&imageData=false" */
        static WsConn open(int port, String chatId, String query) throws IOException {
            Socket s = new Socket();
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
            s.setTcpNoDelay(true);
            s.setSoTimeout(60_000);
            byte[] nonce = new byte[16];
            ThreadLocalRandom.current().nextBytes(nonce);
            s.getOutputStream().write(("GET /api/chats/" + chatId + "/ws?token=" + KEY + query + " HTTP/1.1\r\n"
                    + "Host: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = new BufferedInputStream(s.getInputStream());
            String head = readHead(in);
            if (!head.startsWith("HTTP/1.1 101")) {
                s.close();
                throw new IOException("upgrade refused: " + head.lines().findFirst().orElse(""));
            }
            return new WsConn(s, in);
        }

        synchronized void sendText(String text) throws IOException {
            out.write(frame(text));
            out.flush();
        }

        /** One masked text frame, as a browser sends a message (never fragmented). */
        static byte[] frame(String text) {
            byte[] payload = text.getBytes(StandardCharsets.UTF_8);
            byte[] mask = new byte[4];
            ThreadLocalRandom.current().nextBytes(mask);
            java.io.ByteArrayOutputStream frame = new java.io.ByteArrayOutputStream(payload.length + 14);
            frame.write(0x81);
            if (payload.length < 126) {
                frame.write(0x80 | payload.length);
            } else if (payload.length < 65536) {
                frame.write(0x80 | 126);
                frame.write(payload.length >>> 8);
                frame.write(payload.length & 0xff);
            } else {
                frame.write(0x80 | 127);
                for (int i = 7; i >= 0; i--) {
                    frame.write((int) ((long) payload.length >>> (8 * i)) & 0xff);
                }
            }
            frame.writeBytes(mask);
            for (int i = 0; i < payload.length; i++) {
                frame.write(payload[i] ^ mask[i & 3]);
            }
            return frame.toByteArray();
        }

        /** The next text message, or null when the server closed. */
        String receive() throws IOException {
            StringBuilder message = new StringBuilder();
            while (true) {
                int b0 = in.read();
                int b1 = in.read();
                if (b0 < 0 || b1 < 0) {
                    return null;
                }
                long len = b1 & 0x7f;
                if (len == 126) {
                    len = (in.read() << 8) | in.read();
                } else if (len == 127) {
                    len = 0;
                    for (int i = 0; i < 8; i++) {
                        len = (len << 8) | in.read();
                    }
                }
                byte[] payload = in.readNBytes((int) len);
                int opcode = b0 & 0x0f;
                if (opcode == 8) {
                    lastClose = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
                    return null;
                }
                if (opcode == 9 || opcode == 10) {
                    continue;
                }
                message.append(new String(payload, StandardCharsets.UTF_8));
                if ((b0 & 0x80) != 0) {
                    return message.toString();
                }
            }
        }

        /** One turn: send_message, then events until status idle after the terminal event. */
        void turn(StreamResult result) throws IOException {
            long t0 = System.nanoTime();
            sendText("{\"type\":\"send_message\",\"content\":\"hello bench\"}");
            boolean started = false;
            boolean first = true;
            boolean terminal = false;
            while (true) {
                String event = receive();
                long now = System.nanoTime();
                if (event == null) {
                    result.errors.incrementAndGet();
                    return;
                }
                String type = extract(event, "^\\{\"type\":\"([a-z_]+)\"");
                switch (type) {
                    case "message_start" -> {
                        if (!started) {
                            result.toStart.add(now - t0);
                            started = true;
                        }
                    }
                    case "message_delta" -> {
                        Matcher m = STAMP.matcher(event);
                        while (m.find()) {
                            result.serverLatency.add(now - Long.parseLong(m.group(1)));
                        }
                        if (first) {
                            result.toFirstDelta.add(now - t0);
                            first = false;
                        }
                    }
                    case "message_complete" -> terminal = true;
                    case "error" -> {
                        result.errors.incrementAndGet();
                        terminal = true;
                        if (!started) {
                            System.err.println("bench: turn refused: " + event);
                            return;
                        }
                    }
                    case "status" -> {
                        if (terminal && event.contains("\"idle\"")) {
                            return;
                        }
                    }
                    default -> {
                    }
                }
            }
        }

        void closeQuietly() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    interface Call {
        Object call() throws Exception;
    }

    static long timed(Call call) throws Exception {
        long t0 = System.nanoTime();
        call.call();
        return System.nanoTime() - t0;
    }

    static String extract(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? m.group(1) : "";
    }

    static long[] sorted(java.util.Collection<Long> values) {
        long[] a = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(a);
        return a;
    }

    static long[] sorted(long[] a) {
        long[] c = a.clone();
        Arrays.sort(c);
        return c;
    }

    static long pct(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    static long max(long[] sorted) {
        return sorted.length == 0 ? 0 : sorted[sorted.length - 1];
    }

    static String us(long nanos) {
        return String.format("%.2f ms", nanos / 1e6);
    }

    static String ms(long nanos) {
        return String.format("%.0f ms", nanos / 1e6);
    }

    static String msList(List<Long> values) {
        return String.join(", ", values.stream().map(Bench::ms).toList());
    }

    static String mib(long kb) {
        return String.format("%.1f MiB", kb / 1024.0);
    }

    public static String load() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "?";
        }
    }

    static void line(String text) {
        System.out.println(text);
        synchronized (report) {
            report.append(text).append('\n');
        }
    }

    static void flushReport() {
        try {
            synchronized (report) {
                Files.writeString(out.resolve("results.md"), report.toString());
            }
        } catch (IOException e) {
            System.err.println("bench: cannot write results: " + e);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private Bench() {
    }
}
