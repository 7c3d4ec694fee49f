package agentchat.agent;

import java.util.Map;

import static java.util.Map.entry;

/**
 * The built-in price table (USD per million tokens), so that {@code totalCostUsd} shows up without
 * configuration; {@code agent.prices.<model>.*} adds to it or overrides it. A model reported with a
 * date ("claude-sonnet-4-5-20250929") takes the entry of the longest name it starts with.
 *
 * <p>Read on 2026-11-29. Claude: the pricing page and the model pages of platform.claude.com
 * (docs/en/about-claude/pricing, docs/*&#47;models/opus-5-5/overview, sonnet-5-5, sonnet-5,
 * haiku-4-5); Sonnet 5.5's cache read was cut from $0.20 to $0.10 on 2026-10-07 (as the price
 * trackers kurofune/claudit v1.9.2 and TheKrush/PromptFuel v1.0.23 report from the live page);
 * Haiku 5.5 is priced here at its band for prompts up to 100,000 tokens (longer prompts cost five
 * times as much, which this table does not model). OpenAI: developers.openai.com/api/docs/models
 * (gpt-6.2-sol, gpt-6.1-sol) and the pricing page as quoted in June 2026 (GPT-5.5/5.4 family); the
 * "cached input" price is the cache-read price. Prices change: check them before relying on costs.
 */
final class ModelPrices {

    private ModelPrices() {
    }

    static final Map<String, ModelPrice> DEFAULTS = Map.ofEntries(
            // Claude: input, output, cache read, 5-minute write, 1-hour write
            entry("claude-fable-5-1", new ModelPrice(10, 50, 0.25, 12.5, 20)),
            entry("claude-fable-5", new ModelPrice(10, 50, 1, 12.5, 20)),
            entry("claude-opus-5-5", new ModelPrice(4, 20, 0.2, 5, 8)),
            entry("claude-opus-5", ModelPrice.of(5, 25)),
            entry("claude-opus-4-8", ModelPrice.of(5, 25)),
            entry("claude-opus-4-7", ModelPrice.of(5, 25)),
            entry("claude-opus-4-6", ModelPrice.of(5, 25)),
            entry("claude-opus-4-5", ModelPrice.of(5, 25)),
            entry("claude-opus-4-1", ModelPrice.of(15, 75)),
            entry("claude-opus-4", ModelPrice.of(15, 75)),
            entry("claude-sonnet-5-5", new ModelPrice(2, 10, 0.1, 2.5, 4)),
            entry("claude-sonnet-5", ModelPrice.of(2, 10)),
            entry("claude-sonnet-4-6", ModelPrice.of(3, 15)),
            entry("claude-sonnet-4-5", ModelPrice.of(3, 15)),
            entry("claude-sonnet-4", ModelPrice.of(3, 15)),
            entry("claude-haiku-5-5", new ModelPrice(0.1, 0.5, 0.01, 0.125, 0.2)),
            entry("claude-haiku-4-5", ModelPrice.of(1, 5)),
            // OpenAI: input, output, cached input (OpenAI bills no cache writes on Chat Completions)
            entry("gpt-6.2-sol", ModelPrice.of(2, 10, 0.1)),
            entry("gpt-6.1-sol", ModelPrice.of(2, 10, 0.1)),
            entry("gpt-6-sol", ModelPrice.of(2, 10, 0.2)),
            entry("gpt-5.5", ModelPrice.of(5, 30, 0.5)),
            entry("gpt-5.5-pro", ModelPrice.of(30, 180, 30)),
            entry("gpt-5.4", ModelPrice.of(2.5, 15, 0.25)),
            entry("gpt-5.4-pro", ModelPrice.of(30, 180, 30)),
            entry("gpt-5.4-mini", ModelPrice.of(0.75, 4.5, 0.075)),
            entry("gpt-5.4-nano", ModelPrice.of(0.2, 1.25, 0.02)),
            entry("gpt-4.1", ModelPrice.of(2, 8, 0.5)),
            entry("gpt-4.1-mini", ModelPrice.of(0.4, 1.6, 0.1)),
            entry("gpt-4o", ModelPrice.of(2.5, 10, 1.25)),
            entry("gpt-4o-mini", ModelPrice.of(0.15, 0.6, 0.075)));
}
