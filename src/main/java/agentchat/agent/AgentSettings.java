package agentchat.agent;

import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.helidon.config.Config;

/**
 * How to reach the model and how patiently. Read from the {@code agent:} config node with
 * {@link #from(Config)}; every key has a default. {@link #toString()} never shows the API key.
 */
public record AgentSettings(String provider,
                            String baseUrl,
                            String apiKey,
                            String model,
                            int maxTokens,
                            String systemPrompt,
                            Duration connectTimeout,
                            Duration responseTimeout,
                            Duration idleTimeout,
                            int maxRetries,
                            Duration retryBaseDelay,
                            Duration retryMaxDelay,
                            long historyBudgetTokens,
                            int maxTurns,
                            Map<String, ModelPrice> prices,
                            boolean promptCaching,
                            CacheTtl cacheTtl,
                            List<String> progressUpdateModels) {

    public static final String ANTHROPIC = "anthropic";
    public static final String OPENAI = "openai";
    /** The Claude Code CLI run once per turn (package {@code agentchat.agent.claudecode}); speaks Anthropic's API. */
    public static final String CLAUDE_CODE = "claude-code";
    static final String ANTHROPIC_BASE_URL = "https://api.anthropic.com";
    static final String OPENAI_BASE_URL = "https://api.openai.com";
    /** The model of chats that name none, for the anthropic and claude-code providers. */
    public static final String DEFAULT_ANTHROPIC_MODEL = "claude-sonnet-5-5";
    static final String DEFAULT_OPENAI_MODEL = "gpt-4o-mini";
    /**
     * Models (names or the start of names) that write short progress notes between tool calls and
     * return them as thinking text when asked with {@code display: "updates"}.
     */
    static final List<String> DEFAULT_PROGRESS_UPDATE_MODELS = List.of("claude-sonnet-5-5", "claude-opus-5-5");

    public static final String DEFAULT_SYSTEM_PROMPT = """
            You are a helpful coding assistant in a team chat. Answer concisely and accurately, \
            using Markdown for code. You may use the tools you are given to read and change files \
            in this chat's workspace; look before you change anything, and say what you changed.""";

    static final long DEFAULT_HISTORY_BUDGET_TOKENS = 100_000;
    private static final List<String> PRICE_KEYS = List.of("input-per-mtok", "output-per-mtok", "cache-read-per-mtok",
                                                           "cache-write-per-mtok", "cache-write-1h-per-mtok");

    public AgentSettings {
        if (!ANTHROPIC.equals(provider) && !OPENAI.equals(provider) && !CLAUDE_CODE.equals(provider)) {
            throw new IllegalArgumentException("agent.provider must be anthropic, openai or claude-code, not: " + provider);
        }
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        apiKey = apiKey == null ? "" : apiKey.strip();
        requirePositive("max-tokens", maxTokens);
        requirePositive("max-turns", maxTurns);
        if (historyBudgetTokens <= 0) {
            throw new IllegalArgumentException("agent.history-budget-tokens must be positive: " + historyBudgetTokens);
        }
        Objects.requireNonNull(cacheTtl, "cacheTtl");
        if (maxRetries < 0) {
            throw new IllegalArgumentException("agent.max-retries must not be negative: " + maxRetries);
        }
        prices = Map.copyOf(prices);
        progressUpdateModels = List.copyOf(progressUpdateModels);
    }

    /** Reads the {@code agent:} node; a missing node gives the defaults of the anthropic provider. */
    public static AgentSettings from(Config agent) {
        String provider = agent.get("provider").asString().orElse(ANTHROPIC).strip().toLowerCase();
        boolean anthropicApi = !OPENAI.equals(provider);
        return new AgentSettings(
                provider,
                text(agent, "base-url", anthropicApi ? ANTHROPIC_BASE_URL : OPENAI_BASE_URL),
                agent.get("api-key").asString().orElse(""),
                text(agent, "model", anthropicApi ? DEFAULT_ANTHROPIC_MODEL : DEFAULT_OPENAI_MODEL),
                agent.get("max-tokens").asInt().orElse(4096),
                text(agent, "system-prompt", DEFAULT_SYSTEM_PROMPT),
                millis(agent, "connect-timeout-ms", 10_000),
                millis(agent, "response-timeout-ms", 60_000),
                millis(agent, "idle-timeout-ms", 120_000),
                agent.get("max-retries").asInt().orElse(3),
                millis(agent, "retry-base-delay-ms", 500),
                millis(agent, "retry-max-delay-ms", 8_000),
                historyBudgetTokens(agent),
                agent.get("max-turns").asInt().orElse(25),
                prices(agent.get("prices")),
                agent.get("prompt-caching").asBoolean().orElse(true),
                CacheTtl.parse(text(agent, "prompt-cache-ttl", CacheTtl.FIVE_MINUTES.wire())),
                progressUpdateModels(agent.get("progress-updates-models")));
    }

    /**
     * True when calls to {@code model} ask for the progress notes written between tool calls
     * ({@code thinking.display: "updates"}) and show them as answer text: Anthropic's API only, for the
     * models of {@code agent.progress-updates-models}. Other models would refuse the setting.
     */
    public boolean progressUpdates(String model) {
        return ANTHROPIC.equals(provider) && model != null
                && progressUpdateModels.stream().anyMatch(model::startsWith);
    }

    /**
     * True when a request can succeed: there is a key, or the provider is an OpenAI-compatible
     * server of one's own (Ollama, vLLM, ...) that needs none, or Claude Code talks to a gateway of
     * one's own.
     */
    public boolean configured() {
        return !apiKey.isBlank() || (OPENAI.equals(provider) && !OPENAI_BASE_URL.equals(baseUrl))
                || (CLAUDE_CODE.equals(provider) && !ANTHROPIC_BASE_URL.equals(baseUrl));
    }

    /**
     * The price of a model as reported upstream ("claude-sonnet-4-5-20250929"): an exact entry, else
     * the longest entry the name starts with.
     */
    public Optional<ModelPrice> priceOf(String modelName) {
        if (modelName == null) {
            return Optional.empty();
        }
        ModelPrice exact = prices.get(modelName);
        if (exact != null) {
            return Optional.of(exact);
        }
        return prices.keySet().stream()
                .filter(modelName::startsWith)
                .max(Comparator.comparingInt(String::length))
                .map(prices::get);
    }

    @Override
    public String toString() {
        return "AgentSettings[provider=" + provider + ", baseUrl=" + baseUrl
                + ", apiKey=" + (apiKey.isBlank() ? "(none)" : "(set)") + ", model=" + model
                + ", maxTokens=" + maxTokens + ", maxTurns=" + maxTurns + ", maxRetries=" + maxRetries
                + ", promptCaching=" + (promptCaching ? cacheTtl.wire() : "off") + "]";
    }

    private static String text(Config agent, String key, String defaultValue) {
        return agent.get(key).asString().map(String::strip).filter(s -> !s.isEmpty()).orElse(defaultValue);
    }

    private static Duration millis(Config agent, String key, long defaultMillis) {
        long value = agent.get(key).asLong().orElse(defaultMillis);
        if (value <= 0) {
            throw new IllegalArgumentException("agent." + key + " must be positive: " + value);
        }
        return Duration.ofMillis(value);
    }

    private static void requirePositive(String key, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("agent." + key + " must be positive: " + value);
        }
    }

    /**
     * {@code history-budget-tokens}; the older {@code history-budget-chars} still works when the
     * token key is absent, at the estimate's four characters a token.
     */
    private static long historyBudgetTokens(Config agent) {
        Optional<Long> tokens = agent.get("history-budget-tokens").asLong().asOptional();
        if (tokens.isPresent()) {
            return tokens.get();
        }
        return agent.get("history-budget-chars").asLong()
                .map(chars -> Math.max(1, chars / TokenEstimate.CHARS_PER_TOKEN))
                .orElse(DEFAULT_HISTORY_BUDGET_TOKENS);
    }

    /** A YAML list or a comma-separated string of model names; "none" or empty for no model. */
    private static List<String> progressUpdateModels(Config node) {
        List<String> names = switch (node.type()) {
            case MISSING -> DEFAULT_PROGRESS_UPDATE_MODELS;
            case LIST, OBJECT -> node.asList(String.class).get();
            case VALUE -> Arrays.asList(node.asString().get().split(","));
        };
        return names.stream().map(String::strip).filter(name -> !name.isEmpty() && !name.equals("none")).toList();
    }

    private static Map<String, ModelPrice> prices(Config pricesNode) {
        Map<String, ModelPrice> prices = new LinkedHashMap<>(ModelPrices.DEFAULTS);
        readPrices(pricesNode, "", prices);
        return prices;
    }

    /** Missing input/output prices are 0; missing cache prices follow from the input price. */
    private static ModelPrice price(Config entry) {
        double input = entry.get("input-per-mtok").asDouble().orElse(0.0);
        ModelPrice derived = ModelPrice.of(input, entry.get("output-per-mtok").asDouble().orElse(0.0));
        return new ModelPrice(input, derived.outputPerMtok(),
                              entry.get("cache-read-per-mtok").asDouble().orElse(derived.cacheReadPerMtok()),
                              entry.get("cache-write-per-mtok").asDouble().orElse(derived.cacheWrite5mPerMtok()),
                              entry.get("cache-write-1h-per-mtok").asDouble().orElse(derived.cacheWrite1hPerMtok()));
    }

    /** Helidon splits keys at dots, so "gpt-4.1" arrives as node "gpt-4" with child "1": join them back. */
    private static void readPrices(Config node, String prefix, Map<String, ModelPrice> prices) {
        for (Config entry : node.asNodeList().orElse(List.of())) {
            String name = prefix + Config.Key.unescapeName(entry.name());
            if (PRICE_KEYS.stream().anyMatch(key -> entry.get(key).exists())) {
                prices.put(name, price(entry));
            } else if (!entry.isLeaf()) {
                readPrices(entry, name + ".", prices);
            }
        }
    }
}
