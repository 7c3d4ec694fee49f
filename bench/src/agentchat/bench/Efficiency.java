package agentchat.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static agentchat.bench.Bench.line;
import static agentchat.bench.Bench.load;
import static agentchat.bench.Bench.ms;
import static agentchat.bench.Bench.pct;
import static agentchat.bench.Bench.sorted;
import static agentchat.bench.Bench.us;

/**
 * Scenario 9, the efficiency targets of issue 11, each run on one or more server variants (a jar and
 * its JVM flags) one after another in the same run, so that "before" and "after" share the machine's
 * load: server CPU per relayed delta and relay overhead at 50 and 200 chats (100 deltas per turn, one
 * every 20 ms); send_message → message_start with 50 simultaneous sends; the REST mix at 50
 * connections through wrk (list, get, messages, create, each route's own latency) with the peak RSS;
 * 10,000 idle sockets; start to healthy.
 *
 * <p>BENCH_VARIANTS="name=jar|flag flag;name2=jar2|flags" (default: this build with -Xmx512m);
 * BENCH_PARTS=relay,start,rest,idle,startup (default: all).
 */
final class Efficiency {

    record Variant(String name, Path jar, List<String> jvm) {
    }

    private Efficiency() {
    }

    static List<Variant> variants() {
        String spec = System.getenv("BENCH_VARIANTS");
        if (spec == null || spec.isBlank()) {
            spec = "this=" + Bench.repo.resolve("target/agentchat.jar") + "|-Xmx512m";
        }
        List<Variant> variants = new ArrayList<>();
        for (String one : spec.split(";")) {
            String[] nameRest = one.split("=", 2);
            String[] jarFlags = nameRest[1].split("\\|", 2);
            List<String> flags = jarFlags.length > 1 && !jarFlags[1].isBlank()
                    ? List.of(jarFlags[1].trim().split("\\s+")) : List.of();
            variants.add(new Variant(nameRest[0].trim(), Bench.repo.resolve(jarFlags[0].trim()), flags));
        }
        return variants;
    }

    static void run(Bench.FakeSse upstream) throws Exception {
        List<Variant> variants = variants();
        String parts = System.getenv().getOrDefault("BENCH_PARTS", "relay,start,rest,idle,startup");
        line("## 9. Efficiency targets (issue 11)");
        line("");
        for (Variant v : variants) {
            line("- variant **" + v.name() + "**: `" + v.jar() + "` with `" + String.join(" ", v.jvm()) + "`");
        }
        line("");
        if (parts.contains("relay")) {
            relayHeader();
            for (Variant v : variants) {
                relay(v, upstream);
            }
            line("");
        }
        if (parts.contains("start")) {
            line("### 9b. send_message → message_start, 50 chats sending at once (10 rounds)");
            line("");
            line("| variant | sends | → message_start p50 | p99 | max | → first delta p50 | p99 | direct first delta p50 | p99 | load |");
            line("|---|---|---|---|---|---|---|---|---|---|");
            for (Variant v : variants) {
                simultaneousStarts(v, upstream);
            }
            line("");
        }
        if (parts.contains("rest")) {
            line("### 9c. REST mix through wrk, 50 connections: 20 list, 15 get, 10 messages, 5 create (one wrk per route, all at once)");
            line("");
            line("Baseline: wrk -c50 on an authenticated unknown path (routing, auth, JSON 404; no database), same server.");
            line("");
            line("| variant | route | conns | req/s | p50 | p90 | p99 | max | non-2xx | load |");
            line("|---|---|---|---|---|---|---|---|---|---|");
            for (Variant v : variants) {
                rest(v, upstream);
            }
            line("");
        }
        if (parts.contains("idle")) {
            for (Variant v : variants) {
                line("### 9d. Idle sockets: " + v.name());
                line("");
                Bench.Server server = start(v, "idle-" + v.name(), upstream);
                Bench.idleSockets(server, Bench.quick ? 2000 : 10_000);
                server.stop();
            }
        }
        if (parts.contains("startup")) {
            line("### 9e. Start to healthy (existing H2 database)");
            line("");
            line("| variant | first start (fresh database, migrates) | then, each start | load |");
            line("|---|---|---|---|");
            for (Variant v : variants) {
                startup(v, upstream);
            }
            line("");
        }
    }

    static Bench.Server start(Variant v, String name, Bench.FakeSse upstream) throws Exception {
        Path dir = Bench.out.resolve("run-" + name);
        Bench.deleteTree(dir);
        Files.createDirectories(dir);
        return launch(v, dir, upstream);
    }

    private static Bench.Server launch(Variant v, Path dir, Bench.FakeSse upstream) throws Exception {
        if (v.jvm().stream().anyMatch(f -> f.contains("@"))) {
            v = new Variant(v.name(), v.jar(), v.jvm().stream().map(f -> f.replace("@", dir.toString())).toList());
        }
        String url = "jdbc:h2:file:" + dir.resolve("data/agentchat") + ";MODE=MariaDB;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        return Bench.Server.launch(v.jar(), v.jvm(), dir, url, "sa", "", upstream, Map.of());
    }

    // ------------------------------------------------------------------------------------ relay

    private static void relayHeader() {
        line("### 9a. Relay: 100 deltas per turn, one every 20 ms, 2 turns per chat (turn start and end included)");
        line("");
        line("Server CPU per delta = the server's utime+stime over the turns (not the chats' creation and the "
                + "sockets' upgrade) / deltas relayed. Overhead = agentchat percentile − direct-reader percentile "
                + "(N/10 readers of the same fake upstream, concurrently).");
        line("");
        line("| variant | chats | deltas | p50 | p99 | overhead p50 | overhead p99 | direct p50 / p99 | server CPU per delta | errors | load |");
        line("|---|---|---|---|---|---|---|---|---|---|---|");
    }

    static void relay(Variant v, Bench.FakeSse upstream) throws Exception {
        Bench.Server server = start(v, "relay-" + v.name(), upstream);
        Bench.warmUp(server, upstream);
        // a server runs for days: the figure is its steady state, so the JIT first sees this shape once
        List<Bench.WsConn> warm = sockets(server, 100);
        upstream.configure(100, 20);
        turns(warm, upstream, 20, 1, 10);
        warm.forEach(Bench.WsConn::closeQuietly);
        for (int n : new int[] {50, 200}) {
            List<Bench.WsConn> sockets = sockets(server, n);
            upstream.configure(100, 20);
            profile(server, "start");
            long cpu0 = server.cpuNanos();
            long jit0 = server.jitCpuNanos();
            Bench.StreamResult r = turns(sockets, upstream, 20, Bench.quick ? 1 : 2, Math.max(10, n / 10));
            long cpu = server.cpuNanos() - cpu0;
            long jit = Math.max(0, server.jitCpuNanos() - jit0);
            profile(server, "stop,file=" + Bench.out.resolve("profile-relay-" + v.name() + "-" + n + ".collapsed")
                    + ",collapsed");
            sockets.forEach(Bench.WsConn::closeQuietly);
            long[] s = sorted(r.serverLatency);
            long[] d = sorted(r.directLatency);
            line("| " + v.name() + " | " + n + " | " + s.length + " | " + us(pct(s, 0.5)) + " | " + us(pct(s, 0.99))
                    + " | **" + us(pct(s, 0.5) - pct(d, 0.5)) + "** | **" + us(pct(s, 0.99) - pct(d, 0.99)) + "** | "
                    + us(pct(d, 0.5)) + " / " + us(pct(d, 0.99)) + " | **"
                    + (s.length == 0 ? "-" : Math.round(cpu / 1e3 / s.length) + " µs** (" + Math.round((cpu - jit) / 1e3 / s.length)
                    + " µs without the JIT compiler's)") + " | " + r.errors.get()
                    + " | " + load() + " |");
        }
        server.stop();
    }

    static List<Bench.WsConn> sockets(Bench.Server server, int n) throws Exception {
        List<String> chats = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<String>> ids = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ids.add(pool.submit(() -> server.createChat("efficiency")));
            }
            for (Future<String> f : ids) {
                chats.add(f.get());
            }
        }
        List<Bench.WsConn> sockets = new ArrayList<>();
        for (String chat : chats) {
            sockets.add(Bench.WsConn.open(server.port, chat));
        }
        return sockets;
    }

    /** Every socket runs {@code turns} turns one after another, starts spread over {@code staggerMs}. */
    static Bench.StreamResult turns(List<Bench.WsConn> sockets, Bench.FakeSse upstream, int staggerMs, int turns,
                                    int direct) throws Exception {
        return Bench.drive(sockets, upstream, staggerMs, turns, direct, turns);
    }

    /**
     * BENCH_PROFILER=/path/libasyncProfiler.so: async-profiler attached to the server for the measured part
     * only (its command, e.g. "start" or "stop,file=...,collapsed"); BENCH_PROFILER_EVENT: cpu (default), itimer,
     * wall, alloc or lock.
     */
    static void profile(Bench.Server server, String command) throws Exception {
        String lib = System.getenv("BENCH_PROFILER");
        if (lib == null || lib.isBlank()) {
            return;
        }
        String event = System.getenv().getOrDefault("BENCH_PROFILER_EVENT", "cpu");
        String interval = switch (event) {
            case "cpu", "itimer" -> ",interval=1ms";
            case "wall" -> ",interval=5ms";
            default -> "";
        };
        String args = command.equals("start") ? "start,event=" + event + interval : command;
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        // quoted: jcmd would take the "=" in the options for its own
        String said = Bench.run(jcmd, String.valueOf(server.process.pid()), "JVMTI.agent_load", lib, "\"" + args + "\"");
        if (!said.contains("return code: 0")) {
            System.err.println("bench: profiler " + args + ": " + said);
        }
    }

    // ------------------------------------------------------------------------ simultaneous sends

    static void simultaneousStarts(Variant v, Bench.FakeSse upstream) throws Exception {
        Bench.Server server = start(v, "start-" + v.name(), upstream);
        Bench.warmUp(server, upstream);
        int n = 50;
        int rounds = Bench.quick ? 4 : 10;
        List<Bench.WsConn> sockets = sockets(server, n);
        upstream.configure(3, 0);
        Bench.StreamResult r = new Bench.StreamResult();
        for (int round = 0; round < rounds; round++) {
            CountDownLatch go = new CountDownLatch(1);
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (Bench.WsConn socket : sockets) {
                    pool.submit(() -> {
                        go.await();
                        socket.turn(r);
                        return null;
                    });
                }
                Thread.sleep(50);
                go.countDown();
            }
            Thread.sleep(100);
        }
        for (int round = 0; round < rounds; round++) {
            CountDownLatch go = new CountDownLatch(1);
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < n; i++) {
                    pool.submit(() -> {
                        go.await();
                        upstream.readDirectly(r);
                        return null;
                    });
                }
                Thread.sleep(50);
                go.countDown();
            }
        }
        sockets.forEach(Bench.WsConn::closeQuietly);
        long[] st = sorted(r.toStart);
        long[] fd = sorted(r.toFirstDelta);
        long[] dd = sorted(r.directFirst);
        line("| " + v.name() + " | " + st.length + " | **" + us(pct(st, 0.5)) + "** | **" + us(pct(st, 0.99)) + "** | "
                + us(Bench.max(st)) + " | " + us(pct(fd, 0.5)) + " | " + us(pct(fd, 0.99)) + " | " + us(pct(dd, 0.5))
                + " | " + us(pct(dd, 0.99)) + " | " + load() + " |");
        server.stop();
    }

    // -------------------------------------------------------------------------------- REST (wrk)

    record Wrk(String route, int connections, double rps, String p50, String p90, String p99, String max,
               long non2xx) {
    }

    static void rest(Variant v, Bench.FakeSse upstream) throws Exception {
        Bench.Server server = start(v, "rest-" + v.name(), upstream);
        Bench.warmUp(server, upstream);
        // 100 chats with one turn each (two messages), as the get and messages routes' targets
        upstream.configure(3, 0);
        List<Bench.WsConn> sockets = sockets(server, 100);
        List<String> ids = new ArrayList<>();
        Bench.StreamResult ignored = turns(sockets, upstream, 20, 1, 0);
        sockets.forEach(Bench.WsConn::closeQuietly);
        var list = Bench.HTTP.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + server.port + "/api/chats?limit=100"))
                .header("Authorization", "Bearer " + Bench.KEY).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"").matcher(list.body());
        while (m.find()) {
            ids.add(m.group(1));
        }
        Path scripts = Bench.out.resolve("wrk");
        Files.createDirectories(scripts);
        String idTable = "local ids = {" + String.join(",", ids.stream().map(id -> "\"" + id + "\"").toList()) + "}\n";
        Files.writeString(scripts.resolve("get.lua"), idTable
                + "request = function() return wrk.format(\"GET\", \"/api/chats/\" .. ids[math.random(#ids)]) end\n");
        Files.writeString(scripts.resolve("messages.lua"), idTable
                + "request = function() return wrk.format(\"GET\", \"/api/chats/\" .. ids[math.random(#ids)] .. \"/messages?limit=50\") end\n");
        Files.writeString(scripts.resolve("create.lua"), "wrk.method = \"POST\"\nwrk.body = '{\"title\":\"mix\"}'\n"
                + "wrk.headers[\"Content-Type\"] = \"application/json\"\n");
        Map<String, List<String>> routes = new LinkedHashMap<>();
        routes.put("list", List.of("-c20", "/api/chats?limit=20"));
        routes.put("get", List.of("-c15", "-s", scripts.resolve("get.lua").toString(), "/api/chats"));
        routes.put("messages", List.of("-c10", "-s", scripts.resolve("messages.lua").toString(), "/api/chats"));
        routes.put("create", List.of("-c5", "-s", scripts.resolve("create.lua").toString(), "/api/chats"));

        // warm-up: a server runs for days, and C2 keeps compiling for the first ~10 s of this load (during them
        // p99 is ~0.5 s and the maximum ~1 s on every route; measured at load 0.2), so the figure is what follows
        mix(server, routes, Bench.quick ? 5 : 15);
        Wrk base = wrk(server, "404 baseline", List.of("-c50", "/api/no-such-thing"), Bench.quick ? 3 : 5).get();
        long[] peakRss = new long[1];
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    peakRss[0] = Math.max(peakRss[0], rssKb(server));
                    Thread.sleep(100);
                }
            } catch (InterruptedException | IOException e) {
                // done
            }
        });
        profile(server, "start");
        List<Wrk> results = mix(server, routes, Bench.quick ? 5 : 10);
        profile(server, "stop,file=" + Bench.out.resolve("profile-rest-" + v.name() + ".collapsed") + ",collapsed");
        sampler.interrupt();
        sampler.join();
        double total = 0;
        String ld = load();
        for (Wrk w : results) {
            total += w.rps();
            row(v, w, ld);
        }
        line("| " + v.name() + " | **all (mix)** | 50 | **" + Math.round(total) + "** | | | | | | peak RSS **"
                + Bench.mib(peakRss[0]) + "** |");
        row(v, base, ld);
        server.stop();
    }

    private static void row(Variant v, Wrk w, String load) {
        line("| " + v.name() + " | " + w.route() + " | " + w.connections() + " | " + Math.round(w.rps()) + " | " + w.p50()
                + " | " + w.p90() + " | **" + w.p99() + "** | " + w.max() + " | " + w.non2xx() + " | " + load + " |");
    }

    static long rssKb(Bench.Server server) throws IOException {
        String status = Files.readString(Path.of("/proc", String.valueOf(server.process.pid()), "status"));
        return Long.parseLong(Bench.extract(status, "VmRSS:\\s+(\\d+) kB"));
    }

    static List<Wrk> mix(Bench.Server server, Map<String, List<String>> routes, int seconds) throws Exception {
        List<Future<Wrk>> running = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (var route : routes.entrySet()) {
                running.add(pool.submit(() -> wrk(server, route.getKey(), route.getValue(), seconds).get()));
            }
        }
        List<Wrk> results = new ArrayList<>();
        for (Future<Wrk> f : running) {
            results.add(f.get());
        }
        return results;
    }

    interface Result {
        Wrk get() throws Exception;
    }

    /** One wrk process (one thread) on one route; its own latency distribution. */
    static Result wrk(Bench.Server server, String route, List<String> args, int seconds) {
        return () -> {
            List<String> cmd = new ArrayList<>(List.of("wrk", "-t1", "-d" + seconds + "s", "--latency", "--timeout", "10s",
                    "-H", "Authorization: Bearer " + Bench.KEY));
            cmd.addAll(args.subList(0, args.size() - 1));
            cmd.add("http://127.0.0.1:" + server.port + args.getLast());
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(seconds + 30L, TimeUnit.SECONDS);
            int connections = Integer.parseInt(args.getFirst().substring(2));
            Matcher lat = Pattern.compile("Latency\\s+\\S+\\s+\\S+\\s+(\\S+)").matcher(text);
            String max = lat.find() ? lat.group(1) : "?";
            long non2xx = Long.parseLong(Bench.extract(text + " Non-2xx or 3xx responses: 0", "Non-2xx or 3xx responses: (\\d+)"));
            long errors = 0;
            Matcher sock = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)").matcher(text);
            if (sock.find()) {
                for (int i = 1; i <= 4; i++) {
                    errors += Long.parseLong(sock.group(i));
                }
            }
            String rps = Bench.extract(text, "Requests/sec:\\s+([0-9.]+)");
            if (rps.isEmpty()) {
                System.err.println("bench: wrk said: " + text);
                rps = "0";
            }
            return new Wrk(route, connections, Double.parseDouble(rps), Bench.extract(text, "\\s50%\\s+(\\S+)"),
                    Bench.extract(text, "\\s90%\\s+(\\S+)"), Bench.extract(text, "\\s99%\\s+(\\S+)"), max,
                    non2xx + errors);
        };
    }

    // ---------------------------------------------------------------------------------- startup

    static void startup(Variant v, Bench.FakeSse upstream) throws Exception {
        Path dir = Bench.out.resolve("run-startup-" + v.name());
        Bench.deleteTree(dir);
        Files.createDirectories(dir);
        // "-XX:AOTCache=@": the first start is the training run (-XX:AOTCacheOutput), the others use its cache;
        // "@" in any flag stands for the run's directory (e.g. an archive file of its own)
        String aot = dir.resolve("agentchat.aot").toString();
        List<String> later = v.jvm().stream().map(f -> f.equals("-XX:AOTCache=@") ? "-XX:AOTCache=" + aot
                : f.replace("@", dir.toString())).toList();
        List<String> training = v.jvm().stream().map(f -> f.equals("-XX:AOTCache=@") ? "-XX:AOTCacheOutput=" + aot
                : f.replace("@", dir.toString())).toList();
        Bench.Server first = launch(new Variant(v.name(), v.jar(), training), dir, upstream);
        long firstNanos = first.startupNanos;
        first.stop();
        List<String> each = new ArrayList<>();
        for (int i = 0; i < (Bench.quick ? 2 : 4); i++) {
            Bench.Server s = launch(new Variant(v.name(), v.jar(), later), dir, upstream);
            each.add(ms(s.startupNanos) + phases(dir));
            s.stop();
        }
        line("| " + v.name() + " | " + ms(firstNanos) + " | " + String.join(", ", each) + " | " + load() + " |");
    }

    /** The server's own breakdown line of its last start, if it prints one. */
    private static String phases(Path dir) throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve("server.log"));
        for (int i = lines.size() - 1; i >= 0; i--) {
            int at = lines.get(i).indexOf("Started in ");
            if (at >= 0) {
                return " (" + lines.get(i).substring(at + "Started in ".length()) + ")";
            }
        }
        return "";
    }
}
