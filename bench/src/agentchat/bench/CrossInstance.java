package agentchat.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;

import static agentchat.bench.Bench.line;
import static agentchat.bench.Bench.load;
import static agentchat.bench.Bench.max;
import static agentchat.bench.Bench.pct;
import static agentchat.bench.Bench.sorted;
import static agentchat.bench.Bench.us;

/**
 * Scenario 8, several instances: each chat has a sending socket and a watching socket; the figure
 * is what the watching socket sees (relay latency per delta, send_message → message_start), with
 * both sockets on one instance without Redis (the single-instance baseline), with the watcher on
 * instance A while the turn runs on instance B (the cross-instance path, through Redis), and with
 * both on B (Redis, same instance). Same MariaDB, same fake upstream, same run, one after another;
 * direct readers of the fake upstream alongside each, as in scenario 1.
 */
final class CrossInstance {

    private CrossInstance() {
    }

    static void run(Bench.FakeSse upstream, String dbUrl, String user, String password, String redisUrl)
            throws Exception {
        int chats = 50;
        int deltas = Bench.quick ? 20 : 40;
        int turns = Bench.quick ? 2 : 3;
        int paceMs = 50;
        line("## 8. Several instances: the socket on another instance than the turn");
        line("");
        line(chats + " chats, each with a sending socket and a watching socket; " + turns + " turns per chat of "
                + deltas + " deltas, one every " + paceMs + " ms. Latencies are the watching socket's. Overhead = "
                + "watcher percentile − direct-reader percentile (same configuration, concurrently). All on one "
                + "MariaDB; the Redis rows use `REDIS_URL` (" + redisUrl.replaceAll("//.*@", "//") + ").");
        line("");
        line("| setup | deltas | relay p50 | p99 | max | overhead p50 | overhead p99 | send → message_start p50 | p99 | errors | load |");
        line("|---|---|---|---|---|---|---|---|---|---|---|");
        upstream.configure(deltas, paceMs);

        Path single = dir("run-single");
        Bench.Server alone = Bench.Server.start(single, dbUrl, user, password, upstream, List.of(), Map.of());
        // warm-up: every server relays 2,000 events first (with 400, the watching instance was still compiling its
        // relay path during the measured turns)
        watched(alone, alone, upstream, chats, 1, paceMs);
        Result one = watched(alone, alone, upstream, chats, turns, paceMs);
        report("one instance, no Redis (baseline)", one);
        alone.stop();

        Bench.Server a = Bench.Server.start(dir("run-a"), dbUrl, user, password, upstream, List.of(),
                Map.of("REDIS_URL", redisUrl, "INSTANCE_ID", "a"));
        Bench.Server b = Bench.Server.start(dir("run-b"), dbUrl, user, password, upstream, List.of(),
                Map.of("REDIS_URL", redisUrl, "INSTANCE_ID", "b"));
        watched(b, a, upstream, chats, 1, paceMs); // warm-up both, as above
        watched(a, b, upstream, chats, 1, paceMs);
        Result cross = watched(b, a, upstream, chats, turns, paceMs);
        report("turn on B, watcher on A (through Redis)", cross);
        Result same = watched(b, b, upstream, chats, turns, paceMs);
        report("turn on B, watcher on B (through Redis)", same);
        a.stop();
        b.stop();

        long[] s1 = sorted(one.bench.serverLatency);
        long[] s2 = sorted(cross.bench.serverLatency);
        long[] m1 = sorted(one.bench.toStart);
        long[] m2 = sorted(cross.bench.toStart);
        line("");
        line("Cross-instance minus one instance, same run: relay p50 **" + us(pct(s2, 0.5) - pct(s1, 0.5))
                + "**, p99 **" + us(pct(s2, 0.99) - pct(s1, 0.99)) + "**; send → message_start p50 **"
                + us(pct(m2, 0.5) - pct(m1, 0.5)) + "**, p99 **" + us(pct(m2, 0.99) - pct(m1, 0.99))
                + "** (goal: cross-instance adds < 2 ms p99 at 50 chats).");
        line("");
    }

    private record Result(Bench.StreamResult bench) {
    }

    private static Path dir(String name) throws Exception {
        Path dir = Bench.out.resolve(name);
        Bench.deleteTree(dir);
        Files.createDirectories(dir);
        return dir;
    }

    private static void report(String setup, Result result) {
        long[] s = sorted(result.bench.serverLatency);
        long[] d = sorted(result.bench.directLatency);
        long[] st = sorted(result.bench.toStart);
        line("| " + setup + " | " + s.length + " | " + us(pct(s, 0.5)) + " | " + us(pct(s, 0.99)) + " | " + us(max(s))
                + " | " + us(pct(s, 0.5) - pct(d, 0.5)) + " | " + us(pct(s, 0.99) - pct(d, 0.99)) + " | "
                + us(pct(st, 0.5)) + " | " + us(pct(st, 0.99)) + " | " + result.bench.errors.get() + " | " + load() + " |");
    }

    /** {@code chats} chats: the sender on {@code sending}, the watcher on {@code watching}. */
    private static Result watched(Bench.Server sending, Bench.Server watching, Bench.FakeSse upstream, int chats,
                                  int turns, int staggerMs) throws Exception {
        List<Bench.WsConn[]> pairs = new ArrayList<>();
        for (int i = 0; i < chats; i++) {
            String chat = sending.createChat("cross");
            pairs.add(new Bench.WsConn[] {Bench.WsConn.open(watching.port, chat), Bench.WsConn.open(sending.port, chat)});
        }
        Bench.StreamResult result = new Bench.StreamResult();
        Bench.StreamResult senders = new Bench.StreamResult();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Bench.WsConn[] pair : pairs) {
                AtomicLong sentAt = new AtomicLong();
                pool.submit(() -> {
                    Thread.sleep(ThreadLocalRandom.current().nextInt(staggerMs));
                    for (int t = 0; t < turns; t++) {
                        long before = sentAt.get();
                        Thread watcher = Thread.ofVirtual().start(() -> watch(pair[0], result, sentAt, before));
                        sentAt.set(System.nanoTime());
                        pair[1].turn(senders);
                        watcher.join();
                    }
                    return null;
                });
            }
            for (int i = 0; i < Math.max(10, chats / 10); i++) {
                pool.submit(() -> {
                    Thread.sleep(ThreadLocalRandom.current().nextInt(staggerMs));
                    for (int t = 0; t < turns; t++) {
                        upstream.readDirectly(result);
                    }
                    return null;
                });
            }
        }
        pairs.forEach(pair -> {
            pair[0].closeQuietly();
            pair[1].closeQuietly();
        });
        result.errors.addAndGet(senders.errors.get());
        return new Result(result);
    }

    /** The watching socket's view of one turn, until status idle after the terminal event. */
    private static void watch(Bench.WsConn socket, Bench.StreamResult result, AtomicLong sentAt, long before) {
        try {
            boolean terminal = false;
            while (true) {
                String event = socket.receive();
                long now = System.nanoTime();
                if (event == null) {
                    result.errors.incrementAndGet();
                    return;
                }
                String type = Bench.extract(event, "^\\{\"type\":\"([a-z_]+)\"");
                switch (type) {
                    case "message_start" -> {
                        long sent = sentAt.get();
                        if (sent != before) {
                            result.toStart.add(now - sent);
                        }
                    }
                    case "message_delta" -> {
                        Matcher m = Bench.STAMP.matcher(event);
                        while (m.find()) {
                            result.serverLatency.add(now - Long.parseLong(m.group(1)));
                        }
                    }
                    case "message_complete" -> terminal = true;
                    case "error" -> {
                        result.errors.incrementAndGet();
                        terminal = true;
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
        } catch (Exception e) {
            result.errors.incrementAndGet();
        }
    }
}
