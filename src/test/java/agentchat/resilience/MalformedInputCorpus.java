package agentchat.resilience;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A deterministic (fixed seed) corpus of malformed JSON inputs: wrong types, deep nesting, huge
 * numbers, truncations, mutations, giant strings, NUL characters, duplicate keys, invalid UTF-8.
 * Each case has a name so that a failure says which input broke the server.
 */
final class MalformedInputCorpus {

    record Case(String name, byte[] bytes) {
        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static final long SEED = 6L;

    private MalformedInputCorpus() {
    }

    private static Case text(String name, String text) {
        return new Case(name, text.getBytes(StandardCharsets.UTF_8));
    }

    static String nested(String open, String close, int depth, String inner) {
        return open.repeat(depth) + inner + close.repeat(depth);
    }

    /** JSON bodies for the chat REST endpoints ({@code {title?}}); all valid UTF-8 text unless said so. */
    static List<Case> restBodies() {
        List<Case> cases = new ArrayList<>();
        String valid = "{\"title\":\"A perfectly ordinary title\"}";
        cases.add(text("deep arrays 10000", nested("[", "]", 10_000, "")));
        cases.add(text("deep objects 10000", nested("{\"a\":", "}", 10_000, "1")));
        cases.add(text("title deep arrays 10000", "{\"title\":" + nested("[", "]", 10_000, "\"x\"") + "}"));
        cases.add(text("unclosed deep arrays 10000", "[".repeat(10_000)));
        cases.add(text("deep arrays 100000 (1e5)", nested("[", "]", 100_000, "")));
        cases.addAll(wrongTypes("title"));
        cases.addAll(hugeNumbers("title"));
        cases.addAll(structural());
        cases.addAll(truncations(valid, 20));
        cases.addAll(mutations(valid, 40, new Random(SEED)));
        cases.add(text("giant title 900k", "{\"title\":\"" + "x".repeat(900_000) + "\"}"));
        cases.add(text("over body limit 2 MiB", "{\"title\":\"" + "y".repeat(2 * 1024 * 1024) + "\"}"));
        cases.add(text("giant key", "{\"" + "k".repeat(500_000) + "\":1}"));
        cases.add(text("many keys", manyKeys(50_000)));
        cases.add(text("NUL escaped in title", "{\"title\":\"a\\u0000b\"}"));
        cases.add(text("raw NUL in title", "{\"title\":\"a\u0000b\"}"));
        cases.add(text("raw NUL outside", "{\"title\":\"a\"}\u0000"));
        cases.add(text("only NULs", "\u0000\u0000\u0000"));
        cases.add(text("lone surrogate escape", "{\"title\":\"\\ud800\"}"));
        cases.add(text("bad escape", "{\"title\":\"\\x41\"}"));
        cases.add(text("short unicode escape", "{\"title\":\"\\u12\"}"));
        cases.add(text("duplicate keys", "{\"title\":\"a\",\"title\":\"b\"}"));
        cases.add(text("duplicate keys with types", "{\"title\":\"a\",\"title\":5}"));
        cases.add(text("control chars in title", "{\"title\":\"\u0001\u0002\u001f\"}"));
        cases.add(text("BOM then JSON", "\uFEFF{\"title\":\"bom\"}"));
        cases.add(text("trailing garbage", valid + "garbage"));
        cases.add(text("two documents", valid + valid));
        cases.addAll(invalidUtf8("{\"title\":\"", "\"}"));
        Random random = new Random(SEED + 1);
        for (int i = 0; i < 10; i++) {
            byte[] bytes = new byte[1 + random.nextInt(200)];
            random.nextBytes(bytes);
            cases.add(new Case("random bytes " + i, bytes));
        }
        return cases;
    }

    /** Text frames for the chat socket (valid UTF-16, so the JDK client can send them). */
    static List<Case> socketFrames() {
        List<Case> cases = new ArrayList<>();
        String valid = "{\"type\":\"send_message\",\"content\":\"hello there\"}";
        cases.add(text("empty frame", ""));
        cases.add(text("deep arrays 10000", nested("[", "]", 10_000, "")));
        cases.add(text("deep objects 10000", nested("{\"a\":", "}", 10_000, "1")));
        cases.add(text("content deep arrays 10000",
                "{\"type\":\"send_message\",\"content\":" + nested("[", "]", 10_000, "") + "}"));
        cases.add(text("content part deep objects",
                "{\"type\":\"send_message\",\"content\":[{\"type\":\"text\",\"text\":"
                        + nested("{\"a\":", "}", 10_000, "1") + "}]}"));
        cases.add(text("unclosed deep arrays", "[".repeat(10_000)));
        cases.addAll(wrongTypes("type"));
        cases.addAll(wrongTypes("content").stream()
                .map(c -> text("send_message " + c.name(), c.text().replace("{\"content\"", "{\"type\":\"send_message\",\"content\"")))
                .toList());
        cases.addAll(hugeNumbers("type"));
        cases.addAll(hugeNumbers("content").stream()
                .map(c -> text("send_message " + c.name(), c.text().replace("{\"content\"", "{\"type\":\"send_message\",\"content\"")))
                .toList());
        cases.addAll(structural());
        cases.addAll(truncations(valid, 20));
        cases.addAll(mutations(valid, 40, new Random(SEED + 2)));
        cases.add(text("text over limit", "{\"type\":\"send_message\",\"content\":\"" + "z".repeat(100_001) + "\"}"));
        cases.add(text("giant unknown type", "{\"type\":\"" + "t".repeat(1_000_000) + "\"}"));
        cases.add(text("giant ignored field", "{\"type\":\"cancel\",\"junk\":\"" + "j".repeat(1_000_000) + "\"}"));
        cases.add(text("many keys", manyKeys(50_000)));
        cases.add(text("NUL type", "{\"type\":\"send\\u0000message\"}"));
        cases.add(text("raw NUL frame", "\u0000"));
        cases.add(text("lone surrogate escape in text",
                "{\"type\":\"send_message\",\"content\":[{\"type\":\"text\",\"text\":\"\\udc00\"}]}"));
        cases.add(text("duplicate type", "{\"type\":\"cancel\",\"type\":\"nope\"}"));
        cases.add(text("unknown part type", "{\"type\":\"send_message\",\"content\":[{\"type\":\"video\"}]}"));
        cases.add(text("part without type", "{\"type\":\"send_message\",\"content\":[{\"text\":\"x\"}]}"));
        cases.add(text("text part number", "{\"type\":\"send_message\",\"content\":[{\"type\":\"text\",\"text\":5}]}"));
        cases.add(text("image bad base64",
                "{\"type\":\"send_message\",\"content\":[{\"type\":\"image\",\"imageData\":\"!!!\",\"mimeType\":\"image/png\"}]}"));
        cases.add(text("image wrong mime",
                "{\"type\":\"send_message\",\"content\":[{\"type\":\"image\",\"imageData\":\"aGk=\",\"mimeType\":\"text/html\"}]}"));
        cases.add(text("image data URI mismatch",
                "{\"type\":\"send_message\",\"content\":[{\"type\":\"image\",\"imageData\":\"data:image/png;base64,aGk=\","
                        + "\"mimeType\":\"image/gif\"}]}"));
        cases.add(text("image mime number",
                "{\"type\":\"send_message\",\"content\":[{\"type\":\"image\",\"imageData\":\"aGk=\",\"mimeType\":7}]}"));
        cases.add(text("tool_use from client",
                "{\"type\":\"send_message\",\"content\":[{\"type\":\"tool_use\",\"id\":\"x\",\"name\":\"Bash\",\"input\":{}}]}"));
        cases.add(text("empty content array", "{\"type\":\"send_message\",\"content\":[]}"));
        cases.add(text("approval without request", "{\"type\":\"tool_approval_response\"}"));
        cases.add(text("approval wrong types",
                "{\"type\":\"tool_approval_response\",\"requestId\":[1],\"approved\":\"yes\",\"message\":{}}"));
        cases.add(text("approval unknown request",
                "{\"type\":\"tool_approval_response\",\"requestId\":\"nope\",\"approved\":true}"));
        return cases;
    }

    /** Binary frames (not supported by the protocol) carrying invalid UTF-8 and random bytes. */
    static List<Case> binaryFrames() {
        List<Case> cases = new ArrayList<>(invalidUtf8("{\"type\":\"send_message\",\"content\":\"", "\"}"));
        Random random = new Random(SEED + 3);
        for (int i = 0; i < 5; i++) {
            byte[] bytes = new byte[1 + random.nextInt(100)];
            random.nextBytes(bytes);
            cases.add(new Case("random binary " + i, bytes));
        }
        return cases;
    }

    private static List<Case> wrongTypes(String field) {
        List<Case> cases = new ArrayList<>();
        for (String value : List.of("1", "-1", "0.5", "true", "false", "null", "[]", "[\"x\"]", "{}",
                "{\"text\":\"x\"}", "\"\"", "[[\"nested\"]]", "[null]", "[1,2,3]")) {
            cases.add(text(field + "=" + value, "{\"" + field + "\":" + value + "}"));
        }
        return cases;
    }

    private static List<Case> hugeNumbers(String field) {
        List<Case> cases = new ArrayList<>();
        for (String value : List.of("1e999999999", "-1e999999999", "1" + "0".repeat(10_000), "0." + "0".repeat(10_000) + "1",
                "9223372036854775808", "-9223372036854775809", "1e-999999999", "NaN", "Infinity", "-Infinity",
                "0x10", "01", "1.", ".5", "+1", "1e", "--1")) {
            cases.add(text(field + " number " + abbreviate(value), "{\"" + field + "\":" + value + "}"));
        }
        return cases;
    }

    private static List<Case> structural() {
        List<Case> cases = new ArrayList<>();
        for (String s : List.of("{", "}", "[", "]", "\"", "null", "true", "1", "\"just a string\"", "[]", "[{}]",
                "{\"title\"}", "{\"title\":}", "{:\"x\"}", "{\"a\":1,}", "{,}", "[1,]", "{'title':'single'}",
                "{title:\"unquoted\"}", "{\"a\":1 \"b\":2}", "/* comment */ {}", "{\"a\":\"unterminated}",
                " ", "\t\r\n", "{\"a\":\"\\\"}")) {
            cases.add(text("structural " + abbreviate(s), s));
        }
        return cases;
    }

    private static List<Case> truncations(String valid, int count) {
        List<Case> cases = new ArrayList<>();
        for (int i = 1; i <= count && i < valid.length(); i++) {
            int cut = (int) ((long) i * (valid.length() - 1) / (count + 1)) + 1;
            cases.add(text("truncated at " + cut, valid.substring(0, cut)));
        }
        return cases;
    }

    private static List<Case> mutations(String valid, int count, Random random) {
        String alphabet = "{}[]\":,\\ 0123456789eE+-.tfnulx\u00e9\u4e2d";
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            StringBuilder s = new StringBuilder(valid);
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits && !s.isEmpty(); e++) {
                int at = random.nextInt(s.length());
                char c = alphabet.charAt(random.nextInt(alphabet.length()));
                switch (random.nextInt(3)) {
                    case 0 -> s.setCharAt(at, c);
                    case 1 -> s.insert(at, c);
                    default -> s.deleteCharAt(at);
                }
            }
            cases.add(text("mutation " + i + " " + abbreviate(s.toString()), s.toString()));
        }
        return cases;
    }

    private static List<Case> invalidUtf8(String prefix, String suffix) {
        List<Case> cases = new ArrayList<>();
        int[][] sequences = {
            {0xC3, 0x28}, {0xA0, 0xA1}, {0xE2, 0x28, 0xA1}, {0xE2, 0x82, 0x28}, {0xF0, 0x28, 0x8C, 0xBC},
            {0xFF}, {0xFE}, {0xC0, 0xAF}, {0xE0, 0x80, 0xAF}, {0xED, 0xA0, 0x80}, {0xF4, 0x90, 0x80, 0x80},
            {0xE2, 0x82}, {0x80}, {0xF8, 0x88, 0x80, 0x80, 0x80},
        };
        for (int[] sequence : sequences) {
            byte[] head = prefix.getBytes(StandardCharsets.UTF_8);
            byte[] tail = suffix.getBytes(StandardCharsets.UTF_8);
            byte[] bytes = new byte[head.length + sequence.length + tail.length];
            System.arraycopy(head, 0, bytes, 0, head.length);
            StringBuilder name = new StringBuilder("invalid UTF-8");
            for (int i = 0; i < sequence.length; i++) {
                bytes[head.length + i] = (byte) sequence[i];
                name.append(' ').append(Integer.toHexString(sequence[i]));
            }
            System.arraycopy(tail, 0, bytes, head.length + sequence.length, tail.length);
            cases.add(new Case(name.toString(), bytes));
        }
        return cases;
    }

    private static String manyKeys(int count) {
        StringBuilder s = new StringBuilder("{");
        for (int i = 0; i < count; i++) {
            s.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
        }
        return s.append('}').toString();
    }

    private static String abbreviate(String s) {
        String flat = s.replace("\u0000", "\\0");
        return flat.length() <= 30 ? flat : flat.substring(0, 30) + "…(" + flat.length() + ")";
    }
}
