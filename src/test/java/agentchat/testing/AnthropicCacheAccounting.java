package agentchat.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Prompt-cache accounting the way the Anthropic Messages API describes it, for a {@link FakeUpstream}
 * ({@code upstream.answerThrough(accounting::answer)}): the request is read as one sequence of blocks
 * (tools, then system, then every message's content blocks); a {@code cache_control} breakpoint
 * writes the prefix up to and including its block, for its TTL ("5m" unless "1h"), when that prefix
 * is at least the model's minimum cacheable length; a later request reads the longest prefix that
 * was written and is still alive, looking from each of its breakpoints back over at most 20 blocks.
 * Usage then says: {@code cache_read_input_tokens} the prefix read, {@code cache_creation_input_tokens}
 * what lies between it and the last breakpoint (when written), {@code input_tokens} the rest. More
 * than 4 breakpoints, an unknown type or TTL, a 1h breakpoint after a 5m one, or a breakpoint on an
 * empty text block are answered with the API's 400 {@code invalid_request_error}.
 *
 * <p>Tokens are a deterministic estimate: a quarter of the characters of a block's text (rounded up),
 * {@value #IMAGE_TOKENS} for an image. The scripted reply answers as the requested model, with the
 * accounting's usage;
 * replies that are not a 200 stream pass through uncounted (a failed request writes nothing).
 */
public final class AnthropicCacheAccounting {

    public static final int MAX_BREAKPOINTS = 4;
    public static final int LOOKBACK_BLOCKS = 20;
    public static final int IMAGE_TOKENS = 1600;

    /** What one request was billed. */
    public record Charge(String model, long inputTokens, long cacheReadTokens, long cacheWriteTokens,
                         int breakpoints) {

        /** input + 1.25 × write + 0.1 × read: the request's input in uncached-token equivalents (5m TTL). */
        public double billedInputEquivalent() {
            return inputTokens + 1.25 * cacheWriteTokens + 0.1 * cacheReadTokens;
        }

        public long totalInputTokens() {
            return inputTokens + cacheReadTokens + cacheWriteTokens;
        }
    }

    private record Block(String identity, long tokens, JsonValue cacheControl, boolean emptyText) {
    }

    private record Entry(Instant expires, Duration ttl) {
    }

    private final Map<String, Entry> cache = new ConcurrentHashMap<>();
    private final List<Charge> charges = new CopyOnWriteArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Duration elapsed = Duration.ZERO;

    /** For {@link FakeUpstream#answerThrough}: validates the breakpoints, accounts, rewrites the usage. */
    public FakeReply answer(RecordedRequest request, FakeReply scripted) {
        JsonObject body = request.json();
        List<Block> blocks = blocks(body);
        String invalid = invalidBreakpoints(blocks);
        if (invalid != null) {
            return FakeReply.json(400, AnthropicStream.errorBody("invalid_request_error", invalid));
        }
        if (scripted.status() != 200 || scripted.events() == null) {
            return scripted;
        }
        lock.lock();
        try {
            Charge charge = account(body.getString("model", ""), blocks);
            charges.add(charge);
            return withUsage(scripted, charge, body.getString("model", ""));
        } finally {
            lock.unlock();
        }
    }

    /** Every request accounted so far, in order. */
    public List<Charge> charges() {
        return List.copyOf(charges);
    }

    public Charge charge(int index) {
        return charges.get(index);
    }

    /** Lets this much time pass for the cache entries (they expire after their TTL since last use). */
    public void advance(Duration duration) {
        elapsed = elapsed.plus(duration);
    }

    /** The token estimate of a text: a quarter of its characters, rounded up. */
    public static long tokens(String text) {
        return (text.length() + 3) / 4;
    }

    /**
     * The minimum cacheable prompt length per model, as published for the Claude models: 4,096 for
     * Opus 4.5/4.6 and Haiku 4.5, 2,048 for Sonnet 4.6, Opus 4.7 and Haiku 3.x, else (Sonnet and
     * Opus models) 1,024.
     */
    public static long minimumCacheable(String model) {
        if (model.startsWith("claude-opus-4-5") || model.startsWith("claude-opus-4-6")
                || model.startsWith("claude-haiku-4-5")) {
            return 4096;
        }
        if (model.startsWith("claude-sonnet-4-6") || model.startsWith("claude-opus-4-7")
                || model.startsWith("claude-3-haiku") || model.startsWith("claude-3-5-haiku")) {
            return 2048;
        }
        return 1024;
    }

    private Charge account(String model, List<Block> blocks) {
        Instant now = Instant.EPOCH.plus(elapsed);
        cache.values().removeIf(entry -> !entry.expires().isAfter(now));
        List<String> keys = prefixKeys(model, blocks);
        long[] upTo = new long[blocks.size()];
        long total = 0;
        for (int i = 0; i < blocks.size(); i++) {
            total += blocks.get(i).tokens();
            upTo[i] = total;
        }
        List<Integer> breakpoints = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            if (blocks.get(i).cacheControl() != null) {
                breakpoints.add(i);
            }
        }
        int read = -1;
        for (int breakpoint : breakpoints) {
            for (int i = breakpoint; i >= Math.max(0, breakpoint - LOOKBACK_BLOCKS); i--) {
                if (cache.containsKey(keys.get(i))) {
                    read = Math.max(read, i);
                    break;
                }
            }
        }
        long readTokens = read < 0 ? 0 : upTo[read];
        if (read >= 0) {
            Entry hit = cache.get(keys.get(read));
            cache.put(keys.get(read), new Entry(now.plus(hit.ttl()), hit.ttl()));
        }
        long writeTokens = 0;
        int last = breakpoints.isEmpty() ? -1 : breakpoints.getLast();
        if (last > read && upTo[last] >= minimumCacheable(model)) {
            writeTokens = upTo[last] - readTokens;
            for (int breakpoint : breakpoints) {
                if (breakpoint > read && upTo[breakpoint] >= minimumCacheable(model)) {
                    Duration ttl = ttl(blocks.get(breakpoint).cacheControl());
                    cache.put(keys.get(breakpoint), new Entry(now.plus(ttl), ttl));
                }
            }
        }
        return new Charge(model, total - readTokens - writeTokens, readTokens, writeTokens, breakpoints.size());
    }

    private static String invalidBreakpoints(List<Block> blocks) {
        List<Block> marked = blocks.stream().filter(block -> block.cacheControl() != null).toList();
        if (marked.size() > MAX_BREAKPOINTS) {
            return "A maximum of " + MAX_BREAKPOINTS + " blocks with cache_control may be provided. Found "
                    + marked.size() + ".";
        }
        boolean shortSeen = false;
        for (Block block : marked) {
            if (!(block.cacheControl() instanceof JsonObject control)
                    || !"ephemeral".equals(control.getString("type", null))) {
                return "cache_control.type: Input should be 'ephemeral'";
            }
            String ttl = control.getString("ttl", "5m");
            if (!ttl.equals("5m") && !ttl.equals("1h")) {
                return "cache_control.ttl: Input should be '5m' or '1h'";
            }
            if (block.emptyText()) {
                return "cache_control cannot be set for empty text blocks";
            }
            if (ttl.equals("1h") && shortSeen) {
                return "a ttl='1h' cache_control block must not come after a ttl='5m' cache_control block";
            }
            shortSeen |= ttl.equals("5m");
        }
        return null;
    }

    private static Duration ttl(JsonValue cacheControl) {
        return "1h".equals(cacheControl.asJsonObject().getString("ttl", "5m")) ? Duration.ofHours(1)
                                                                              : Duration.ofMinutes(5);
    }

    /** Tools, then system, then the messages' content: the order in which the API forms the prefix. */
    private static List<Block> blocks(JsonObject body) {
        List<Block> blocks = new ArrayList<>();
        if (body.get("tools") instanceof JsonArray tools) {
            for (JsonValue value : tools) {
                JsonObject tool = value.asJsonObject();
                String text = tool.getString("name", "") + "\n" + tool.getString("description", "") + "\n"
                        + tool.getOrDefault("input_schema", JsonValue.EMPTY_JSON_OBJECT);
                blocks.add(new Block("tool:" + text, tokens(text), mark(tool), false));
            }
        }
        JsonValue system = body.get("system");
        if (system instanceof JsonString text) {
            blocks.add(new Block("system:text:" + text.getString(), tokens(text.getString()), null, false));
        } else if (system instanceof JsonArray parts) {
            parts.forEach(part -> blocks.add(contentBlock("system", part.asJsonObject())));
        }
        if (body.get("messages") instanceof JsonArray messages) {
            for (JsonValue value : messages) {
                JsonObject message = value.asJsonObject();
                String role = message.getString("role", "");
                JsonValue content = message.get("content");
                if (content instanceof JsonString text) {
                    blocks.add(new Block(role + ":text:" + text.getString(), tokens(text.getString()), null, false));
                } else if (content instanceof JsonArray parts) {
                    parts.forEach(part -> blocks.add(contentBlock(role, part.asJsonObject())));
                }
            }
        }
        return blocks;
    }

    private static Block contentBlock(String role, JsonObject block) {
        String type = block.getString("type", "");
        JsonObjectBuilder withoutMark = Json.createObjectBuilder(block);
        withoutMark.remove("cache_control");
        String identity = role + ":" + withoutMark.build();
        long tokens = switch (type) {
            case "text" -> tokens(block.getString("text", ""));
            case "image" -> IMAGE_TOKENS;
            case "tool_use" -> tokens(block.getString("name", "") + block.getOrDefault("input", JsonValue.NULL));
            case "tool_result" -> tokens(resultText(block.get("content")));
            default -> tokens(block.toString());
        };
        boolean emptyText = type.equals("text") && block.getString("text", "").isEmpty();
        return new Block(identity, tokens, mark(block), emptyText);
    }

    private static JsonValue mark(JsonObject block) {
        JsonValue mark = block.get("cache_control");
        return mark == null || mark == JsonValue.NULL ? null : mark;
    }

    private static String resultText(JsonValue content) {
        if (content instanceof JsonString text) {
            return text.getString();
        }
        StringBuilder text = new StringBuilder();
        if (content instanceof JsonArray parts) {
            for (JsonValue part : parts) {
                text.append(part.asJsonObject().getString("text", ""));
            }
        }
        return text.toString();
    }

    /** key(i) names the model and the exact blocks 0..i: equal keys mean identical prefixes. */
    private static List<String> prefixKeys(String model, List<Block> blocks) {
        MessageDigest digest = sha256();
        digest.update(model.getBytes(StandardCharsets.UTF_8));
        List<String> keys = new ArrayList<>(blocks.size());
        for (Block block : blocks) {
            digest.update((byte) 0);
            digest.update(block.identity().getBytes(StandardCharsets.UTF_8));
            try {
                keys.add(HexFormat.of().formatHex(((MessageDigest) digest.clone()).digest()));
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException(e);
            }
        }
        return keys;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The scripted stream answering as the model asked for, with the accounting's usage. */
    private static FakeReply withUsage(FakeReply scripted, Charge charge, String model) {
        List<FakeEvent> events = new ArrayList<>();
        for (FakeEvent event : scripted.events()) {
            if ("message_start".equals(event.name())) {
                JsonObject data = parse(event.data());
                JsonObject message = data.getJsonObject("message");
                JsonObject usage = usage(charge, message.getJsonObject("usage").getJsonNumber("output_tokens")
                        .longValue());
                events.add(new FakeEvent(event.name(), Json.createObjectBuilder(data)
                        .add("message", Json.createObjectBuilder(message).add("model", model).add("usage", usage))
                        .build().toString(),
                                         event.delayBefore()));
            } else if ("message_delta".equals(event.name())) {
                JsonObject data = parse(event.data());
                JsonObject usage = usage(charge, data.getJsonObject("usage").getJsonNumber("output_tokens")
                        .longValue());
                events.add(new FakeEvent(event.name(), Json.createObjectBuilder(data).add("usage", usage).build()
                        .toString(), event.delayBefore()));
            } else {
                events.add(event);
            }
        }
        return new FakeReply(scripted.status(), scripted.headers(), scripted.body(), events, scripted.ending(),
                             scripted.delayBeforeHeaders());
    }

    private static JsonObject usage(Charge charge, long outputTokens) {
        return Json.createObjectBuilder()
                .add("input_tokens", charge.inputTokens())
                .add("cache_creation_input_tokens", charge.cacheWriteTokens())
                .add("cache_read_input_tokens", charge.cacheReadTokens())
                .add("output_tokens", outputTokens)
                .build();
    }

    private static JsonObject parse(String json) {
        try (var reader = Json.createReader(new java.io.StringReader(json))) {
            return reader.readObject();
        }
    }
}
