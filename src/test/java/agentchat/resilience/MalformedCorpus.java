package agentchat.resilience;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A deterministic corpus of malformed input: wrong types, deep nesting, huge numbers, broken
 * Unicode, truncated JSON, giant strings, NUL characters, duplicate keys and seeded garbage.
 */
final class MalformedCorpus {

    private static final List<String> VALID_FRAMES = List.of(
            "{\"type\":\"send_message\",\"content\":\"hello\"}",
            "{\"type\":\"send_message\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]}",
            "{\"type\":\"tool_approval_response\",\"requestId\":\"r1\",\"approved\":true}");

    private MalformedCorpus() {
    }

    /** Text frames for the socket; none of them is a valid request. */
    static List<String> frames() {
        List<String> frames = new ArrayList<>();
        for (String type : List.of("1", "true", "null", "[]", "{}", "\"\"", "\"SEND_MESSAGE\"", "\"send message\"")) {
            frames.add("{\"type\":" + type + ",\"content\":\"x\"}");
        }
        for (String content : List.of("1", "1.5", "true", "false", "null", "{}", "{\"text\":\"x\"}", "[1,2]",
                "[null]", "[[]]", "[\"text\"]", "[{}]", "[{\"type\":1}]", "[{\"type\":\"text\"}]",
                "[{\"type\":\"text\",\"text\":5}]", "[{\"type\":\"text\",\"text\":null}]",
                "[{\"type\":\"image\"}]", "[{\"type\":\"image\",\"imageData\":5,\"mimeType\":\"image/png\"}]",
                "[{\"type\":\"image\",\"imageData\":\"@@@\",\"mimeType\":\"image/png\"}]",
                "[{\"type\":\"image\",\"imageData\":\"data:image/png,notbase64\"}]",
                "[{\"type\":\"tool_result\",\"toolUseId\":\"x\",\"content\":\"y\"}]",
                "\"\"", "\"   \"", "\"\\u0000\"", "\"\\t\\n\"")) {
            frames.add("{\"type\":\"send_message\",\"content\":" + content + "}");
        }
        frames.add("{\"type\":\"send_message\"}");
        frames.add("{\"type\":\"tool_approval_response\",\"requestId\":5,\"approved\":true}");
        frames.add("{\"type\":\"tool_approval_response\",\"requestId\":\"x\",\"approved\":\"yes\"}");
        frames.add("{\"type\":\"tool_approval_response\",\"requestId\":\"x\",\"approved\":true}");
        frames.add("{\"type\":\"cancel\",\"type\":\"nonsense\"}");
        frames.add("{\"type\":\"send_message\",\"type\":\"send_message\",\"content\":1}");
        frames.add("[".repeat(10_000) + "]".repeat(10_000));
        frames.add("{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000));
        frames.add("{\"type\":\"send_message\",\"content\":" + "[".repeat(3_000) + "]".repeat(3_000) + "}");
        frames.add("{\"type\":\"x\",\"n\":1e999999999}");
        frames.add("{\"type\":\"x\",\"n\":" + "9".repeat(100_000) + "}");
        frames.add("{\"type\":\"send_message\",\"content\":\"\\ud800\"}");
        frames.add("{\"type\":\"send_message\",\"content\":\"ok \\udc00 then\"}");
        frames.add("{\"type\":\"\\ud800\\udfff\\ud800\"}");
        frames.add("{\"type\":\"" + "x".repeat(2_000_000) + "\"}");
        frames.add("{\"type\":\"send_message\",\"content\":\"" + "y".repeat(100_001) + "\"}");
        frames.add("{\"type\":\"send_message\",\"content\":\"\u0000\"}");
        frames.add("\u0000");
        frames.add("");
        frames.add(" ");
        frames.add("null");
        frames.add("42");
        frames.add("\"send_message\"");
        frames.add("{\"type\":\"send_message\",\"content\":\"x\"");
        frames.add("{'type':'send_message','content':'x'}");
        frames.add("{type:\"send_message\"}");
        frames.add("{\"type\":\"send_message\",\"content\":\"x\"} trailing");
        frames.add("{\"type\":\"send_message\",\"content\":\"x\"}{\"type\":\"cancel\"}");
        for (String valid : VALID_FRAMES) {
            for (int cut = 1; cut < valid.length(); cut += 3) {
                frames.add(valid.substring(0, cut));
            }
        }
        Random random = new Random(20261125L);
        for (int i = 0; i < 90; i++) {
            frames.add(garbage(random, 1 + random.nextInt(400)));
        }
        return frames;
    }

    /** Request bodies for POST /api/chats and PATCH /api/chats/{id}; none may cause a 5xx. */
    static List<byte[]> bodies() {
        List<byte[]> bodies = new ArrayList<>();
        for (String title : List.of("1", "-1", "1e999999", "true", "false", "[]", "{}", "[\"t\"]", "{\"a\":1}",
                "\"\\u0000\"", "\"\\ud800\"", "\"" + "t".repeat(5_000) + "\"")) {
            bodies.add(utf8("{\"title\":" + title + "}"));
        }
        bodies.add(utf8("[".repeat(10_000) + "]".repeat(10_000)));
        bodies.add(utf8("{\"title\":\"x\",\"nested\":" + "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000) + "}"));
        bodies.add(utf8("{\"title\":\"a\",\"title\":5}"));
        bodies.add(utf8("{\"title\":\"" + "z".repeat(1_100_000) + "\"}"));
        bodies.add(utf8("{\"n\":" + "7".repeat(200_000) + "}"));
        bodies.add(new byte[]{'{', '"', 't', 'i', 't', 'l', 'e', '"', ':', '"', (byte) 0xFF, (byte) 0xFE, '"', '}'});
        bodies.add(new byte[]{'{', '"', 't', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'});
        bodies.add(new byte[]{0, 0, 0, 0});
        bodies.add(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'});
        String valid = "{\"title\":\"Quarterly plan\"}";
        for (int cut = 1; cut < valid.length(); cut++) {
            bodies.add(utf8(valid.substring(0, cut)));
        }
        for (String json : List.of("null", "0", "\"x\"", "[]", "[{}]", "{\"title\":\"x\"} {}", "{,}", "{\"title\"}",
                "{\"title\":}", "{\"title\":'x'}", "{title:\"x\"}", "{\"title\":\"x\",}", "NaN", "Infinity")) {
            bodies.add(utf8(json));
        }
        Random random = new Random(11252026L);
        for (int i = 0; i < 40; i++) {
            byte[] bytes = new byte[1 + random.nextInt(300)];
            random.nextBytes(bytes);
            bodies.add(bytes);
        }
        return bodies;
    }

    private static String garbage(Random random, int length) {
        String alphabet = "{}[]\":,0123456789.eE+-truefalsn \\ntypesend_messagecontent\u00e9\u4e2d";
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
