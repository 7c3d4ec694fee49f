package agentchat.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Per-turn overhead of the claude-code provider beside the built-in loop (provider anthropic),
 * against the same fake upstream (Bench.FakeSse), one server at a time, turns one after another:
 * send_message → the upstream's request (for claude-code: the CLI's start-up until its model call),
 * → first message_delta, → status idle; CPU per turn of the server JVM and of its child processes
 * (the CLI, reaped after each turn; /proc cutime + cstime). Only 127.0.0.1 is contacted.
 *
 * Usage: java -cp ... agentchat.bench.ClaudeCodeBench <repoDir> <outDir> <claudeExecutable> [quick]
 */
public final class ClaudeCodeBench {

    private static final StringBuilder REPORT = new StringBuilder();

    private ClaudeCodeBench() {
    }

    record Turn(long toRequest, long toStart, long toFirstDelta, long toIdle) {
    }

    public static void main(String[] args) throws Exception {
        Bench.repo = Path.of(args[0]).toAbsolutePath();
        Path out = Path.of(args[1]).toAbsolutePath();
        String cli = args[2];
        boolean quick = args.length > 3 && args[3].equals("quick");
        int turns = quick ? 10 : 30;
        Files.createDirectories(out);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> Bench.processes.forEach(Process::destroyForcibly)));

        line("# claude-code provider: per-turn overhead beside the built-in loop");
        line("");
        line("- date: " + java.time.Instant.now() + ", JDK " + System.getProperty("java.version") + ", cores "
                + Runtime.getRuntime().availableProcessors() + ", CLI " + Bench.run(cli, "--version").strip()
                + ", mode " + (quick ? "quick" : "full") + ", load at start: " + Bench.load());
        line("- fake upstream: 5 deltas per answer, no pause between them; " + turns
                + " measured turns per row after 3 warm-up turns; one server at a time");
        line("");
        line("| provider | turns | → upstream request p50 / p90 | → message_start p50 | → first delta p50 / p90 | "
                + "→ idle p50 / p90 | server CPU per turn | child-process CPU per turn | load |");
        line("|---|---|---|---|---|---|---|---|---|");
        try (Bench.FakeSse upstream = Bench.FakeSse.start()) {
            upstream.configure(5, 0);
            for (String provider : List.of("anthropic", "claude-code")) {
                Path dir = out.resolve("run-claude-code-bench-" + provider);
                Bench.deleteTree(dir);
                Files.createDirectories(dir);
                String url = "jdbc:h2:file:" + dir.resolve("data/agentchat")
                        + ";MODE=MariaDB;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
                Map<String, String> env = provider.equals("claude-code")
                        ? Map.of("AGENT_PROVIDER", provider, "AGENT_CLAUDE_CODE_COMMAND", cli)
                        : Map.of("AGENT_PROVIDER", provider);
                Bench.Server server = Bench.Server.start(dir, url, "sa", "", upstream, List.of(), env);
                try {
                    freshChats(server, upstream, 3);
                    measure(provider + ", a new chat each turn", server, () -> freshChats(server, upstream, turns));
                    String chat = server.createChat("one chat");
                    measure(provider + ", one chat (" + (provider.equals("claude-code") ? "resumed session" : "history replayed")
                            + ")", server, () -> sameChat(server, upstream, chat, turns));
                } finally {
                    server.stop();
                }
            }
        }
        line("");
        line("Overhead of the CLI = the claude-code rows minus the anthropic rows of the same kind.");
        Files.writeString(out.resolve("claude-code.md"), REPORT.toString());
        System.exit(0);
    }

    interface Turns {
        List<Turn> run() throws Exception;
    }

    private static void measure(String label, Bench.Server server, Turns turns) throws Exception {
        long cpu0 = server.cpuNanos();
        long child0 = server.childCpuNanos();
        List<Turn> measured = turns.run();
        long cpu = server.cpuNanos() - cpu0;
        long child = server.childCpuNanos() - child0;
        long[] request = Bench.sorted(measured.stream().map(Turn::toRequest).toList());
        long[] start = Bench.sorted(measured.stream().map(Turn::toStart).toList());
        long[] first = Bench.sorted(measured.stream().map(Turn::toFirstDelta).toList());
        long[] idle = Bench.sorted(measured.stream().map(Turn::toIdle).toList());
        int n = measured.size();
        line("| " + label + " | " + n + " | " + Bench.ms(Bench.pct(request, 0.5)) + " / " + Bench.ms(Bench.pct(request, 0.9))
                + " | " + Bench.ms(Bench.pct(start, 0.5)) + " | " + Bench.ms(Bench.pct(first, 0.5)) + " / "
                + Bench.ms(Bench.pct(first, 0.9)) + " | " + Bench.ms(Bench.pct(idle, 0.5)) + " / "
                + Bench.ms(Bench.pct(idle, 0.9)) + " | " + Bench.ms(cpu / Math.max(1, n)) + " | "
                + Bench.ms(child / Math.max(1, n)) + " | " + Bench.load() + " |");
    }

    private static List<Turn> freshChats(Bench.Server server, Bench.FakeSse upstream, int turns) throws Exception {
        List<Turn> measured = new ArrayList<>();
        for (int i = 0; i < turns; i++) {
            measured.addAll(sameChat(server, upstream, server.createChat("turn " + i), 1));
        }
        return measured;
    }

    private static List<Turn> sameChat(Bench.Server server, Bench.FakeSse upstream, String chat, int turns)
            throws Exception {
        List<Turn> measured = new ArrayList<>();
        Bench.WsConn socket = Bench.WsConn.open(server.port, chat);
        try {
            for (int i = 0; i < turns; i++) {
                Bench.StreamResult result = new Bench.StreamResult();
                long t0 = System.nanoTime();
                socket.turn(result);
                long idle = System.nanoTime() - t0;
                if (result.errors.get() > 0 || result.toFirstDelta.isEmpty()) {
                    throw new IllegalStateException("turn " + i + " of chat " + chat + " failed; see the server log");
                }
                measured.add(new Turn(upstream.lastRequestNanos.get() - t0, result.toStart.peek(),
                        result.toFirstDelta.peek(), idle));
            }
        } finally {
            socket.closeQuietly();
        }
        return measured;
    }

    private static void line(String text) {
        System.out.println(text);
        REPORT.append(text).append('\n');
    }
}
