package agentchat.agent;

import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
                            int historyBudgetChars,
                            int maxTurns,
                            Map<String, ModelPrice> prices) {

    public static final String ANTHROPIC = "anthropic";
    public static final String OPENAI = "openai";
    static final String ANTHROPIC_BASE_URL = "https://api.anthropic.com";
    static final String OPENAI_BASE_URL = "https://api.openai.com";

    public static final String DEFAULT_SYSTEM_PROMPT = """
            You are a helpful coding assistant in a team chat. Answer concisely and accurately, \
            using Markdown for code. You may use the tools you are given to read and change files \
            in this chat's workspace; look before you change anything, and say what you changed.""";

    /** A few well-known models, so that costs show up without configuration. */
    public static final Map<String, ModelPrice> DEFAULT_PRICES = Map.of(
            "claude-opus-4-5", new ModelPrice(5, 25),
            "claude-opus-4-1", new ModelPrice(15, 75),
            "claude-sonnet-4-5", new ModelPrice(3, 15),
            "claude-sonnet-4", new ModelPrice(3, 15),
            "claude-haiku-4-5", new ModelPrice(1, 5),
            "gpt-4o", new ModelPrice(2.5, 10),
            "gpt-4o-mini", new ModelPrice(0.15, 0.6),
            "gpt-4.1", new ModelPrice(2, 8),
            "gpt-4.1-mini", new ModelPrice(0.4, 1.6));

    public AgentSettings {
        if (!ANTHROPIC.equals(provider) && !OPENAI.equals(provider)) {
            throw new IllegalArgumentException("agent.provider must be anthropic or openai, not: " + provider);
        }
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        apiKey = apiKey == null ? "" : apiKey.strip();
        requirePositive("max-tokens", maxTokens);
        requirePositive("max-turns", maxTurns);
        requirePositive("history-budget-chars", historyBudgetChars);
        if (maxRetries < 0) {
            throw new IllegalArgumentException("agent.max-retries must not be negative: " + maxRetries);
        }
        prices = Map.copyOf(prices);
    }

    /** Reads the {@code agent:} node; a missing node gives the defaults of the anthropic provider. */
    public static AgentSettings from(Config agent) {
        String provider = agent.get("provider").asString().orElse(ANTHROPIC).strip().toLowerCase();
        boolean anthropic = ANTHROPIC.equals(provider);
        return new AgentSettings(
                provider,
                text(agent, "base-url", anthropic ? ANTHROPIC_BASE_URL : OPENAI_BASE_URL),
                agent.get("api-key").asString().orElse(""),
                text(agent, "model", anthropic ? "claude-sonnet-4-5" : "gpt-4o-mini"),
                agent.get("max-tokens").asInt().orElse(4096),
                text(agent, "system-prompt", DEFAULT_SYSTEM_PROMPT),
                millis(agent, "connect-timeout-ms", 10_000),
                millis(agent, "response-timeout-ms", 60_000),
                millis(agent, "idle-timeout-ms", 120_000),
                agent.get("max-retries").asInt().orElse(3),
                millis(agent, "retry-base-delay-ms", 500),
                millis(agent, "retry-max-delay-ms", 8_000),
                agent.get("history-budget-chars").asInt().orElse(400_000),
                agent.get("max-turns").asInt().orElse(25),
                prices(agent.get("prices")));
    }

    /**
     * True when a request can succeed: there is a key, or the provider is an OpenAI-compatible
     * server of one's own (Ollama, vLLM, ...) that needs none.
     */
    public boolean configured() {
        return !apiKey.isBlank() || (OPENAI.equals(provider) && !OPENAI_BASE_URL.equals(baseUrl));
    }

    /** These settings with a chat's own model and system prompt, where it has them (null keeps the default). */
    public AgentSettings forChat(String chatModel, String chatSystemPrompt) {
        if (chatModel == null && chatSystemPrompt == null) {
            return this;
        }
        return new AgentSettings(provider, baseUrl, apiKey, chatModel == null ? model : chatModel, maxTokens,
                chatSystemPrompt == null ? systemPrompt : chatSystemPrompt, connectTimeout, responseTimeout,
                idleTimeout, maxRetries, retryBaseDelay, retryMaxDelay, historyBudgetChars, maxTurns, prices);
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
                + ", maxTokens=" + maxTokens + ", maxTurns=" + maxTurns + ", maxRetries=" + maxRetries + "]";
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

    private static Map<String, ModelPrice> prices(Config pricesNode) {
        Map<String, ModelPrice> prices = new LinkedHashMap<>(DEFAULT_PRICES);
        readPrices(pricesNode, "", prices);
        return prices;
    }

    /** Helidon splits keys at dots, so "gpt-4.1" arrives as node "gpt-4" with child "1": join them back. */
    private static void readPrices(Config node, String prefix, Map<String, ModelPrice> prices) {
        for (Config entry : node.asNodeList().orElse(List.of())) {
            String name = prefix + Config.Key.unescapeName(entry.name());
            Config input = entry.get("input-per-mtok");
            Config output = entry.get("output-per-mtok");
            if (input.exists() || output.exists()) {
                prices.put(name, new ModelPrice(input.asDouble().orElse(0.0), output.asDouble().orElse(0.0)));
            } else if (!entry.isLeaf()) {
                readPrices(entry, name + ".", prices);
            }
        }
    }
}
