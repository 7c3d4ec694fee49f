package agentchat.bench.cache;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import agentchat.bench.Bench;
import agentchat.json.Json;
import agentchat.testing.AnthropicCacheAccounting;
import agentchat.testing.AnthropicCacheAccounting.Charge;
import agentchat.testing.FakeReply;
import agentchat.testing.FakeUpstream;
import agentchat.testing.WsClient;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * What prompt caching saves, in tokens: runs the same chats through agentchat (its jar, as a
 * process) twice, with {@code AGENT_PROMPT_CACHING} on and off, against the test suite's fake
 * Anthropic upstream that accounts like the real API ({@link AnthropicCacheAccounting}), and
 * reports the billed input-equivalent, input + 1.25 × cache writes + 0.1 × cache reads, read from
 * the stored messages' metadata (and checked against the fake's own bills). Token accounting, not
 * time: the figures are the same on every run and machine.
 *
 * <p>Scenarios: a 50-turn chat (questions of ~90 tokens, answers of ~375); one turn with a 10-call
 * tool loop (9 Reads of ~1,500-token files, then the answer); the 50-turn chat again with a small
 * history budget (6,000 tokens), so that old turns are cut while the chat goes on.
 *
 * <p>Usage: {@code java -cp target/test-classes:target/classes:target/libs/* agentchat.bench.cache.CacheBench
 * <repo> <out-dir>}; {@code bench/cache.sh} builds and runs it.
 */
public final class CacheBench {

    private static final String KEY = "bench-cache-key";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String MODEL = "claude-sonnet-4-5";
    private static final String[] WORDS = ("the a cache prefix request token model answer question server chat turn "
            + "tool file read write stream database socket price budget history system prompt block breakpoint "
            + "upstream reply message user assistant workspace result call loop cost input output minute hour "
            + "keeps sends reads writes counts stores marks cuts grows stays moves pays").split(" ");

    private static Path repo;

    private CacheBench() {
    }

    record Totals(int calls, long input, long cacheRead, long cacheWrite, long output, double costUsd) {

        double billedInputEquivalent() {
            return input + 1.25 * cacheWrite + 0.1 * cacheRead;
        }

        long allInput() {
            return input + cacheRead + cacheWrite;
        }
    }

    record Run(Totals chat, Totals toolLoop, Totals trimmedChat) {
    }

    public static void main(String[] args) throws Exception {
        repo = Path.of(args[0]).toAbsolutePath();
        Path out = Path.of(args[1]).toAbsolutePath();
        Files.createDirectories(out);
        String loadBefore = Bench.load();
        Run cached = run(out, true);
        Run uncached = run(out, false);
        String loadAfter = Bench.load();

        StringBuilder report = new StringBuilder();
        report.append("## Prompt caching: billed input-equivalent (input + 1.25 × cache write + 0.1 × cache read)\n\n")
                .append("Model ").append(MODEL).append(" (5-minute cache, $3 input, $15 output, $0.30 read, $3.75 write")
                .append(" per MTok); load ").append(loadBefore).append(" → ").append(loadAfter)
                .append(" (irrelevant: token counts, not time).\n\n")
                .append("| scenario | model calls | caching off: input tokens | caching on: input / cache write / cache read")
                .append(" | billed input-equivalent off → on | lower by | cost off → on |\n")
                .append("|---|---|---|---|---|---|---|\n");
        row(report, "50-turn chat", uncached.chat(), cached.chat());
        row(report, "10-call tool loop (one turn)", uncached.toolLoop(), cached.toolLoop());
        row(report, "50-turn chat, history budget 6,000 tokens", uncached.trimmedChat(), cached.trimmedChat());
        System.out.println(report);
        Files.writeString(out.resolve("cache-results.md"), report.toString());
    }

    private static void row(StringBuilder report, String name, Totals off, Totals on) {
        double saving = 1 - on.billedInputEquivalent() / off.billedInputEquivalent();
        report.append(String.format(Locale.ROOT, "| %s | %d | %,d | %,d / %,d / %,d | %,.0f → %,.0f | **%.1f %%** | $%.4f → $%.4f |%n",
                                    name, on.calls(), off.allInput(), on.input(), on.cacheWrite(), on.cacheRead(),
                                    off.billedInputEquivalent(), on.billedInputEquivalent(), 100 * saving,
                                    off.costUsd(), on.costUsd()));
    }

    private static Run run(Path out, boolean caching) throws Exception {
        Totals chat;
        Totals toolLoop;
        try (Stack stack = Stack.start(out.resolve(caching ? "on" : "off"), caching, null)) {
            chat = longChat(stack, 50, 1);
            toolLoop = toolLoop(stack);
        }
        Totals trimmed;
        try (Stack stack = Stack.start(out.resolve(caching ? "on-budget" : "off-budget"), caching, 6000L)) {
            trimmed = longChat(stack, 50, 2);
        }
        return new Run(chat, toolLoop, trimmed);
    }

    private static Totals longChat(Stack stack, int turns, long seed) throws Exception {
        Random random = new Random(seed);
        String chatId = stack.createChat();
        int first = stack.accounting.charges().size();
        try (WsClient ws = WsClient.open(stack.base(), chatId, KEY)) {
            for (int turn = 0; turn < turns; turn++) {
                stack.upstream.enqueue(FakeReply.sse(FakeUpstream.anthropicText("Answer " + turn + ": ",
                                                                                 words(random, 250))));
                awaitComplete(ws.sendMessage("Question " + turn + ": " + words(random, 60)));
            }
        }
        return stack.totals(chatId, first);
    }

    private static Totals toolLoop(Stack stack) throws Exception {
        String chatId = stack.createChat();
        Path workspace = stack.workspaces.resolve(chatId);
        Files.createDirectories(workspace);
        Random random = new Random(3);
        for (int i = 1; i <= 9; i++) {
            Files.writeString(workspace.resolve("notes-" + i + ".md"), words(random, 1000));
            stack.upstream.enqueue(FakeReply.sse(FakeUpstream.anthropicToolUse("toolu_" + i, "Read",
                                                                                "{\"path\":\"notes-" + i + ".md\"}")));
        }
        stack.upstream.enqueue(FakeReply.sse(FakeUpstream.anthropicText("I read all nine notes: ", words(random, 200))));
        int first = stack.accounting.charges().size();
        try (WsClient ws = WsClient.open(stack.base(), chatId, KEY)) {
            awaitComplete(ws.sendMessage("Read notes-1.md to notes-9.md, one after the other, and sum them up."));
        }
        return stack.totals(chatId, first);
    }

    private static void awaitComplete(WsClient ws) {
        JsonObject complete = ws.until("message_complete").getLast();
        String stopReason = complete.getJsonObject("message").getJsonObject("metadata").getString("stopReason");
        if (!stopReason.equals("end_turn")) {
            throw new IllegalStateException("turn ended with " + complete);
        }
        ws.untilIdle();
    }

    private static String words(Random random, int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            text.append(i == 0 ? "" : i % 17 == 0 ? ". " : " ").append(WORDS[random.nextInt(WORDS.length)]);
        }
        return text.append('.').toString();
    }

    /** The accounting fake and an agentchat process using it. */
    private static final class Stack implements AutoCloseable {
        final FakeUpstream upstream = FakeUpstream.start();
        final AnthropicCacheAccounting accounting = new AnthropicCacheAccounting();
        final Path workspaces;
        final Process process;
        final int port;

        private Stack(Path dir, boolean caching, Long historyBudget) throws Exception {
            upstream.answerThrough(accounting::answer);
            deleteTree(dir);
            Files.createDirectories(dir);
            workspaces = dir.resolve("workspaces");
            if (historyBudget != null) {
                Files.writeString(dir.resolve("application.yaml"),
                                  "agent:\n  history-budget-tokens: " + historyBudget + "\n");
            }
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = probe.getLocalPort();
            }
            ProcessBuilder builder = new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                    "-jar", repo.resolve("target/agentchat.jar").toString())
                    .directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("server.log").toFile());
            Map<String, String> env = builder.environment();
            env.put("PORT", String.valueOf(port));
            env.put("HOST", "127.0.0.1");
            env.put("API_KEYS", "bench=" + KEY);
            env.put("DB_URL", "jdbc:h2:file:" + dir.resolve("db/agentchat")
                    + ";MODE=MariaDB;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
            env.put("AGENT_PROVIDER", "anthropic");
            env.put("AGENT_BASE_URL", upstream.baseUrl());
            env.put("AGENT_API_KEY", "bench-upstream-key");
            env.put("AGENT_MODEL", MODEL);
            env.put("AGENT_TOOLS", "Read,Write,Edit,Glob,Grep");
            env.put("AGENT_WORKSPACE", workspaces.toString());
            env.put("AGENT_PROMPT_CACHING", String.valueOf(caching));
            process = builder.start();
            awaitHealthy(dir);
        }

        static Stack start(Path dir, boolean caching, Long historyBudget) throws Exception {
            return new Stack(dir, caching, historyBudget);
        }

        URI base() {
            return URI.create("http://127.0.0.1:" + port);
        }

        private void awaitHealthy(Path dir) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (true) {
                try {
                    if (HTTP.send(HttpRequest.newBuilder(base().resolve("/health")).build(),
                                  HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("agentchat did not start; see " + dir.resolve("server.log"));
                }
                Thread.sleep(50);
            }
        }

        String createChat() throws Exception {
            HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(base().resolve("/api/chats"))
                    .header("Authorization", "Bearer " + KEY).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            return Json.parseObject(created.body()).getJsonObject("data").getString("id");
        }

        /** Sums the stored assistant messages' metadata and checks it against the fake's bills. */
        Totals totals(String chatId, int firstCharge) throws Exception {
            HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(
                            base().resolve("/api/chats/" + chatId + "/messages?limit=200"))
                    .header("Authorization", "Bearer " + KEY).build(), HttpResponse.BodyHandlers.ofString());
            JsonArray messages = Json.parseObject(page.body()).getJsonArray("data");
            long input = 0;
            long read = 0;
            long write = 0;
            long output = 0;
            double cost = 0;
            for (JsonValue value : messages) {
                JsonObject metadata = value.asJsonObject().getJsonObject("metadata");
                if (!value.asJsonObject().getString("role").equals("assistant")) {
                    continue;
                }
                input += metadata.getJsonNumber("inputTokens").longValue();
                read += metadata.getJsonNumber("cacheReadTokens").longValue();
                write += metadata.getJsonNumber("cacheWriteTokens").longValue();
                output += metadata.getJsonNumber("outputTokens").longValue();
                cost += metadata.getJsonNumber("totalCostUsd").doubleValue();
            }
            List<Charge> charges = new ArrayList<>(accounting.charges().subList(firstCharge, accounting.charges().size()));
            long billedInput = charges.stream().mapToLong(Charge::inputTokens).sum();
            long billedRead = charges.stream().mapToLong(Charge::cacheReadTokens).sum();
            long billedWrite = charges.stream().mapToLong(Charge::cacheWriteTokens).sum();
            if (billedInput != input || billedRead != read || billedWrite != write) {
                throw new IllegalStateException("stored metadata (" + input + "/" + read + "/" + write
                        + ") differs from the upstream's bills (" + billedInput + "/" + billedRead + "/" + billedWrite + ")");
            }
            return new Totals(charges.size(), input, read, write, output, cost);
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            upstream.close();
        }

        private static void deleteTree(Path dir) throws IOException {
            if (!Files.exists(dir)) {
                return;
            }
            try (var paths = Files.walk(dir)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
