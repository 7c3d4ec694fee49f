package agentchat.bench.search;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import agentchat.config.ConfigLoader;
import agentchat.db.Database;
import agentchat.db.DbSettings;
import agentchat.search.SearchText;
import io.helidon.config.Config;

/**
 * Search over a big database: generates N chats / M messages straight into a (migrated) MariaDB,
 * starts agentchat on it and times {@code GET /api/chats?q=} for several kinds of query, with the
 * plain chat list of the same run as the baseline. One client, sequential requests (latency, not
 * throughput).
 *
 * <p>Usage: java -cp ... agentchat.bench.search.SearchBench agentchat.jar outDir jdbcUrl user password [chats messages]
 */
public final class SearchBench {

    private static final String KEY = "search-bench-key";
    private static final String OWNER = "bench";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int RUNS = 40;

    /** Frequent words, Zipf-weighted by their position. */
    private static final String[] COMMON = ("the of and to in is that for it with as on be this are we can you project "
            + "team plan release build test deploy server client request response error value function method class "
            + "file data user chat message model config database query index table column page list update change "
            + "review meeting budget report customer feature issue bug fix performance latency memory network "
            + "design document question answer example result problem solution version branch merge commit "
            + "should would could make need use like time work also just more some what when where which").split(" ");

    private SearchBench() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        Path out = Path.of(args[1]);
        String url = args[2];
        String user = args[3];
        String password = args[4];
        int chats = args.length > 5 ? Integer.parseInt(args[5]) : 10_000;
        int messages = args.length > 6 ? Integer.parseInt(args[6]) : 100_000;
        Files.createDirectories(out);

        log("migrating " + url);
        Config config = ConfigLoader.load(Map.of(), Map.of("db.url", url, "db.user", user, "db.password", password));
        Database.open(DbSettings.from(config.get("db")), config.get("db.statements")).close();

        Corpus corpus = new Corpus(new Random(2026));
        long genStart = System.nanoTime();
        // SEARCH_BENCH_REUSE=1 times the data already in the database (same seed, so the same words)
        Generated generated = "1".equals(System.getenv("SEARCH_BENCH_REUSE")) && hasMessages(url, user, password)
                ? new Generated(0, 0, 0)
                : generate(url, user, password, corpus, chats, messages);
        long genMs = (System.nanoTime() - genStart) / 1_000_000;
        log("generated " + chats + " chats / " + messages + " messages (" + generated.textChars / 1_000_000
                + " M chars of text, " + generated.termChars / 1_000_000 + " M chars of terms) in " + genMs + " ms,"
                + " ANALYZE TABLE " + generated.indexMs + " ms");

        Process server = startServer(jar, out, url, user, password);
        int port = Integer.parseInt(Files.readString(out.resolve("search-port")).strip());
        try {
            Map<String, List<String>> kinds = queries(url, user, password, corpus);
            kinds.values().removeIf(List::isEmpty); // e.g. no word of the wanted frequency in a small data set
            Map<String, double[]> results = new LinkedHashMap<>();
            // warm up: every query once, and the list
            for (List<String> queries : kinds.values()) {
                for (String query : queries) {
                    get(port, "/api/chats?q=" + encode(query));
                }
            }
            results.put("baseline: GET /api/chats (no q, first page of 50)", time(port, List.of(""), RUNS));
            for (Map.Entry<String, List<String>> kind : kinds.entrySet()) {
                results.put(kind.getKey(), time(port, kind.getValue(), RUNS));
            }
            List<Double> narrowed = new ArrayList<>();
            results.forEach((kind, samples) -> {
                if (!kind.startsWith("baseline") && !kind.startsWith("scan")) {
                    Arrays.stream(samples).forEach(narrowed::add);
                }
            });
            double[] all = narrowed.stream().mapToDouble(Double::doubleValue).toArray();
            report(out, chats, messages, generated, genMs, results, all);
        } finally {
            server.destroy();
            if (!server.waitFor(15, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    // ---------------------------------------------------------------- data

    /** Words people and models write: common English-ish words, rare made-up words, code identifiers. */
    static final class Corpus {
        final Random random;
        final List<String> rare = new ArrayList<>();
        final List<String> code = new ArrayList<>();

        Corpus(Random random) {
            this.random = random;
            String[] syllables = "ka lo mi ne tra ven sol dur pel qua zin bor fe gal hu ix jo ru sta wen".split(" ");
            while (rare.size() < 200_000) {
                StringBuilder word = new StringBuilder();
                for (int n = 2 + random.nextInt(4); n > 0; n--) {
                    word.append(syllables[random.nextInt(syllables.length)]);
                }
                rare.add(word.toString());
            }
            for (int i = 0; i < 2_000; i++) {
                code.add(rare.get(random.nextInt(rare.size())) + capitalize(COMMON[random.nextInt(COMMON.length)])
                        + (random.nextBoolean() ? "Service" : "_" + random.nextInt(100)));
            }
        }

        String word() {
            double p = random.nextDouble();
            if (p < 0.78) {
                // Zipf-like over the common words
                int i = (int) Math.min(COMMON.length - 1, Math.floor(Math.pow(random.nextDouble(), 2.2) * COMMON.length));
                return COMMON[i];
            }
            if (p < 0.96) {
                // rare words: a long tail where most appear only a few times
                int i = (int) Math.floor(Math.pow(random.nextDouble(), 3) * rare.size());
                return rare.get(i);
            }
            return code.get(random.nextInt(code.size()));
        }

        String sentence(int words) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < words; i++) {
                String word = word();
                text.append(i == 0 ? capitalize(word) : word);
                text.append(i == words - 1 ? ". " : random.nextInt(12) == 0 ? ", " : " ");
            }
            return text.toString();
        }

        String paragraph(int minWords, int maxWords) {
            int words = minWords + random.nextInt(maxWords - minWords + 1);
            StringBuilder text = new StringBuilder();
            while (words > 0) {
                int n = Math.min(words, 6 + random.nextInt(14));
                text.append(sentence(n));
                words -= n;
            }
            if (random.nextInt(6) == 0) {
                text.append("\n\n```java\n").append(code.get(random.nextInt(code.size()))).append(".run(")
                        .append(word()).append(");\n```\n");
            }
            return text.toString().strip();
        }

        private static String capitalize(String word) {
            return word.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1);
        }
    }

    record Generated(long textChars, long termChars, long indexMs) {
    }

    /** Chats with a skewed number of messages (some long, most short), alternating user and assistant. */
    static Generated generate(String url, String user, String password, Corpus corpus, int chats, int messages)
            throws Exception {
        long textChars = 0;
        long termChars = 0;
        try (Connection db = DriverManager.getConnection(url, user, password)) {
            db.setAutoCommit(false);
            int[] perChat = new int[chats];
            Random random = corpus.random;
            for (int i = 0; i < messages; i++) {
                // a skewed spread: a few chats hold many messages
                int chat = (int) Math.floor(Math.pow(random.nextDouble(), 1.6) * chats);
                perChat[chat]++;
            }
            long now = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
            try (PreparedStatement chat = db.prepareStatement("INSERT INTO chats (id, owner, title, search_title, "
                    + "session_id, last_seq, created_at, updated_at) VALUES (?, ?, ?, ?, NULL, ?, ?, ?)");
                 PreparedStatement message = db.prepareStatement("INSERT INTO messages (id, chat_id, seq, role, content, "
                         + "search_text, search_terms, metadata, status, stop_reason, created_at, updated_at) "
                         + "VALUES (?, ?, ?, ?, ?, ?, ?, NULL, 'complete', ?, ?, ?)")) {
                int batched = 0;
                for (int c = 0; c < chats; c++) {
                    String chatId = UUID.randomUUID().toString();
                    String title = corpus.sentence(3 + random.nextInt(4)).replace(".", "").strip();
                    long created = now + c * 60_000L;
                    chat.setString(1, chatId);
                    chat.setString(2, OWNER);
                    chat.setString(3, title.length() > 200 ? title.substring(0, 200) : title);
                    chat.setString(4, SearchText.lower(title.length() > 200 ? title.substring(0, 200) : title));
                    chat.setLong(5, perChat[c]);
                    chat.setLong(6, created);
                    chat.setLong(7, created + perChat[c] * 30_000L);
                    chat.addBatch();
                    for (int seq = 1; seq <= perChat[c]; seq++) {
                        boolean isUser = seq % 2 == 1;
                        String text = isUser ? corpus.paragraph(6, 60) : corpus.paragraph(40, 260);
                        String lowered = SearchText.lower(text);
                        String terms = SearchText.terms(lowered);
                        textChars += text.length();
                        termChars += terms.length();
                        message.setString(1, UUID.randomUUID().toString());
                        message.setString(2, chatId);
                        message.setLong(3, seq);
                        message.setString(4, isUser ? "user" : "assistant");
                        message.setString(5, "[{\"type\":\"text\",\"text\":" + jsonString(text) + "}]");
                        message.setString(6, lowered);
                        message.setString(7, terms);
                        message.setString(8, isUser ? null : "end_turn");
                        message.setLong(9, created + seq * 30_000L);
                        message.setLong(10, created + seq * 30_000L);
                        message.addBatch();
                        if (++batched % 2_000 == 0) {
                            chat.executeBatch();
                            message.executeBatch();
                            db.commit();
                        }
                    }
                }
                chat.executeBatch();
                message.executeBatch();
                db.commit();
            }
        }
        // Loaded with the FULLTEXT index in place, as the server writes. (Dropping the index for the load
        // and adding it back afterwards made MariaDB 10.11 answer every MATCH with nothing.)
        long analyzeStart = System.nanoTime();
        try (Connection db = DriverManager.getConnection(url, user, password); Statement ddl = db.createStatement()) {
            ddl.execute("ANALYZE TABLE chats, messages");
        }
        return new Generated(textChars, termChars, (System.nanoTime() - analyzeStart) / 1_000_000);
    }

    static boolean hasMessages(String url, String user, String password) throws Exception {
        try (Connection db = DriverManager.getConnection(url, user, password);
             Statement query = db.createStatement();
             ResultSet rs = query.executeQuery("SELECT COUNT(*) FROM messages")) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }

    /** Queries of each kind, picked from the data so that their number of hits is known to be in range. */
    static Map<String, List<String>> queries(String url, String user, String password, Corpus corpus) throws Exception {
        Map<String, List<String>> kinds = new LinkedHashMap<>();
        List<String> rare = new ArrayList<>();
        List<String> medium = new ArrayList<>();
        List<String> common = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(url, user, password);
             PreparedStatement count = db.prepareStatement(
                     "SELECT COUNT(*) FROM messages WHERE MATCH (search_terms) AGAINST (? IN BOOLEAN MODE)");
             PreparedStatement total = db.prepareStatement("SELECT COUNT(*) FROM messages");
             ResultSet all = total.executeQuery()) {
            all.next();
            long messages = all.getLong(1);
            for (String word : COMMON) {
                if (common.size() >= 5 || SearchText.fulltextQuery(word, SearchText.MIN_TERM).isEmpty()) {
                    continue;
                }
                count.setString(1, "+" + word);
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    long n = rs.getLong(1);
                    if (n >= messages / 10 && n <= messages * 4 / 10) {
                        common.add(word);
                    }
                }
            }
            // the head of the rare vocabulary is used often, its tail seldom: try a few of each
            List<String> candidates = new ArrayList<>(corpus.rare.subList(0, 150));
            for (int i = 0; i < 300; i++) {
                candidates.add(corpus.rare.get(corpus.rare.size() / 2 + corpus.random.nextInt(corpus.rare.size() / 2)));
            }
            for (String word : candidates) {
                if (rare.size() >= 10 && medium.size() >= 10) {
                    break;
                }
                if (word.length() < 6 || word.length() > 12) {
                    continue;
                }
                count.setString(1, "+" + word);
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    long n = rs.getLong(1);
                    if (n >= 3 && n <= 30 && rare.size() < 10) {
                        rare.add(word);
                    } else if (n >= 300 && n <= 3_000 && medium.size() < 10) {
                        medium.add(word);
                    }
                }
            }
        }
        kinds.put("rare word (3-30 messages)", rare);
        kinds.put("medium word (300-3,000 messages)", medium);
        kinds.put("common word (10-40% of messages)", common);
        kinds.put("phrase of two words", List.of("release build", "team plan", "server request", "data model",
                "bug fix"));
        kinds.put("inside a word (infix of a rare word)", rare.stream().map(w -> w.substring(1, Math.min(w.length(), 6)))
                .toList());
        kinds.put("no hit", List.of("zzqxv", "nonexistentword", "qwertyuiop", "xylophonic", "blorptastic"));
        kinds.put("scan: too short or stopword-only (no FULLTEXT narrowing)", List.of("ok", "the", "about", "is a"));
        return kinds;
    }

    // ---------------------------------------------------------------- server and timing

    static Process startServer(Path jar, Path out, String url, String user, String password) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Files.writeString(out.resolve("search-port"), String.valueOf(port));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", jar.toString())
                .directory(out.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.resolve("search-server.log").toFile()));
        Map<String, String> env = pb.environment();
        env.put("PORT", String.valueOf(port));
        env.put("HOST", "127.0.0.1");
        env.put("API_KEYS", OWNER + "=" + KEY);
        env.put("DB_URL", url);
        env.put("DB_USER", user);
        env.put("DB_PASSWORD", password);
        env.put("AGENT_TOOLS", "none");
        Process process = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
            try {
                if (get(port, "/health").statusCode() == 200) {
                    return process;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("agentchat did not start; see " + out.resolve("search-server.log"));
            }
            Thread.sleep(50);
        }
    }

    static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + KEY).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** {@code runs} requests cycling through the queries; milliseconds each. An empty query is the plain list. */
    static double[] time(int port, List<String> queries, int runs) throws Exception {
        double[] samples = new double[runs];
        for (int i = 0; i < runs; i++) {
            String query = queries.get(i % queries.size());
            String path = query.isEmpty() ? "/api/chats" : "/api/chats?q=" + encode(query);
            long start = System.nanoTime();
            HttpResponse<String> response = get(port, path);
            samples[i] = (System.nanoTime() - start) / 1e6;
            if (response.statusCode() != 200) {
                throw new IllegalStateException(path + " -> " + response.statusCode() + " " + response.body());
            }
        }
        return samples;
    }

    static double percentile(double[] samples, double p) {
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1)];
    }

    static void report(Path out, int chats, int messages, Generated generated, long genMs,
                       Map<String, double[]> results, double[] narrowed) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# Search bench — ").append(Instant.now()).append("\n\n")
                .append(String.format(Locale.ROOT, "%,d chats / %,d messages on MariaDB (%s M chars of text, %s M of "
                        + "FULLTEXT terms); generated with the FULLTEXT index in place in %,d ms, ANALYZE TABLE %,d ms. One client, sequential; "
                        + "%d requests per row; load average at the end: %s%n%n", chats, messages,
                        generated.textChars / 1_000_000, generated.termChars / 1_000_000, genMs, generated.indexMs, RUNS,
                        loadAverage()))
                .append("| query kind | p50 ms | p90 ms | max ms |\n|---|---|---|---|\n");
        results.forEach((kind, samples) -> md.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f |%n", kind,
                percentile(samples, 50), percentile(samples, 90), Arrays.stream(samples).max().orElse(0))));
        md.append(String.format(Locale.ROOT, "| **every query the index narrows (all rows above but the baseline and "
                        + "scan)** | **%.1f** | %.1f | %.1f |%n", percentile(narrowed, 50), percentile(narrowed, 90),
                Arrays.stream(narrowed).max().orElse(0)));
        Files.writeString(out.resolve("search-results.md"), md.toString());
        System.out.print(md);
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "?";
        }
    }

    static String encode(String query) {
        return URLEncoder.encode(query, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String jsonString(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"').toString();
    }

    static void log(String line) {
        System.err.println("search-bench: " + line + " (load " + loadAverage() + ")");
    }
}
