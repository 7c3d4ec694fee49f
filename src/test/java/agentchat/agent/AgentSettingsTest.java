package agentchat.agent;

import java.time.Duration;
import java.util.Map;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AgentSettingsTest {

    private static AgentSettings from(Map<String, String> values) {
        return AgentSettings.from(TestAgents.config(values));
    }

    @Test
    void emptyConfigGivesAnthropicDefaults() {
        AgentSettings settings = AgentSettings.from(Config.empty());

        assertThat(settings.provider(), is("anthropic"));
        assertThat(settings.baseUrl(), is("https://api.anthropic.com"));
        assertThat(settings.model(), is("claude-sonnet-5-5"));
        assertThat(settings.maxTokens(), is(4096));
        assertThat(settings.responseTimeout(), is(Duration.ofSeconds(60)));
        assertThat(settings.idleTimeout(), is(Duration.ofSeconds(120)));
        assertThat(settings.maxRetries(), is(3));
        assertThat(settings.maxTurns(), is(25));
        assertThat(settings.historyBudgetTokens(), is(100_000L));
        assertThat(settings.promptCaching(), is(true));
        assertThat(settings.cacheTtl(), is(CacheTtl.FIVE_MINUTES));
        assertThat(settings.configured(), is(false));
    }

    @Test
    void theDefaultModelIsClaudeSonnet55WhichIsAskedForItsProgressUpdatesAndTheRetiringOneIsNot() {
        AgentSettings settings = AgentSettings.from(Config.empty());

        assertThat(settings.progressUpdates(settings.model()), is(true));
        assertThat(settings.progressUpdates("claude-opus-5-5"), is(true));
        assertThat(settings.progressUpdates("claude-sonnet-4-5"), is(false));
        assertThat(settings.progressUpdates("claude-sonnet-5"), is(false));
        assertThat(from(Map.of("provider", "claude-code")).model(), is("claude-sonnet-5-5"));
    }

    @Test
    void progressUpdatesModelsAreConfiguredAsACommaListAndNoneTurnsThemOff() {
        AgentSettings listed = from(Map.of("progress-updates-models", "claude-fable-5-1, my-gateway-sonnet"));
        AgentSettings none = from(Map.of("progress-updates-models", "none"));

        assertThat(listed.progressUpdates("my-gateway-sonnet-5-5"), is(true));
        assertThat(listed.progressUpdates("claude-sonnet-5-5"), is(false));
        assertThat(none.progressUpdates("claude-sonnet-5-5"), is(false));
    }

    @Test
    void onlyTheAnthropicProviderAsksForProgressUpdates() {
        AgentSettings openAi = from(Map.of("provider", "openai", "progress-updates-models", "gpt-4o"));

        assertThat(openAi.progressUpdates("gpt-4o"), is(false));
        assertThat(from(Map.of("provider", "claude-code")).progressUpdates("claude-sonnet-5-5"), is(false));
    }

    @Test
    void openAiProviderHasItsOwnDefaults() {
        AgentSettings settings = from(Map.of("provider", "openai"));

        assertThat(settings.baseUrl(), is("https://api.openai.com"));
        assertThat(settings.model(), is("gpt-4o-mini"));
    }

    @Test
    void kebabCaseKeysAreRead() {
        AgentSettings settings = from(Map.of("api-key", "k", "model", "m", "max-tokens", "100",
                                             "idle-timeout-ms", "1500", "retry-max-delay-ms", "900",
                                             "base-url", "http://x/"));

        assertThat(settings.apiKey(), is("k"));
        assertThat(settings.model(), is("m"));
        assertThat(settings.maxTokens(), is(100));
        assertThat(settings.idleTimeout(), is(Duration.ofMillis(1500)));
        assertThat(settings.retryMaxDelay(), is(Duration.ofMillis(900)));
        assertThat(settings.baseUrl(), is("http://x"));
    }

    @Test
    void aKeyMakesItConfigured() {
        assertThat(from(Map.of("api-key", "sk-1")).configured(), is(true));
    }

    @Test
    void openAiCompatibleServerWithoutKeyIsConfigured() {
        assertThat(from(Map.of("provider", "openai", "base-url", "http://localhost:11434")).configured(), is(true));
    }

    @Test
    void openAiWithoutKeyIsNotConfigured() {
        assertThat(from(Map.of("provider", "openai")).configured(), is(false));
    }

    @Test
    void unknownProviderIsRejectedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                                                  () -> from(Map.of("provider", "gemini")));
        assertThat(e.getMessage(), containsString("gemini"));
    }

    @Test
    void configuredPricesAddToTheDefaults() {
        Config config = Config.just(ConfigSources.create("""
                prices:
                  "llama-3.1": { input-per-mtok: 0.1, output-per-mtok: 0.2 }
                """, io.helidon.common.media.type.MediaTypes.APPLICATION_X_YAML));

        AgentSettings settings = AgentSettings.from(config);

        assertThat(settings.priceOf("llama-3.1").orElseThrow().outputPerMtok(), closeTo(0.2, 1e-9));
        assertThat(settings.priceOf("gpt-4o").isPresent(), is(true));
    }

    @Test
    void datedModelNamesFindTheirPriceByLongestPrefix() {
        AgentSettings settings = AgentSettings.from(Config.empty());

        assertThat(settings.priceOf("gpt-4o-mini-2024-07-18").orElseThrow(), is(ModelPrice.of(0.15, 0.6, 0.075)));
        assertThat(settings.priceOf("claude-sonnet-4-5-20250929").orElseThrow(), is(ModelPrice.of(3, 15)));
        assertThat(settings.priceOf("claude-opus-4-20250514").orElseThrow().inputPerMtok(), closeTo(15, 1e-9));
        assertThat(settings.priceOf("claude-opus-4-5-20251101").orElseThrow().inputPerMtok(), closeTo(5, 1e-9));
    }

    @Test
    void cachePricesDefaultToTheStandardMultipliersOfTheInputPrice() {
        ModelPrice price = ModelPrice.of(3, 15);

        assertThat(price.cacheReadPerMtok(), closeTo(0.3, 1e-9));
        assertThat(price.cacheWrite5mPerMtok(), closeTo(3.75, 1e-9));
        assertThat(price.cacheWrite1hPerMtok(), closeTo(6, 1e-9));
    }

    @Test
    void aCallIsPricedWithCacheWritesAtTheirLifetimesPrice() {
        ModelPrice price = ModelPrice.of(3, 15);

        assertThat(price.cost(1_000_000, 1_000_000, 1_000_000, 1_000_000, CacheTtl.FIVE_MINUTES),
                   closeTo(3 + 15 + 0.3 + 3.75, 1e-9));
        assertThat(price.cost(0, 0, 0, 1_000_000, CacheTtl.ONE_HOUR), closeTo(6, 1e-9));
    }

    @Test
    void configuredCachePricesOverrideTheMultipliers() {
        Config config = Config.just(ConfigSources.create("""
                prices:
                  "my-model": { input-per-mtok: 2, output-per-mtok: 8, cache-read-per-mtok: 0.5 }
                  "gpt-6.1-sol": { input-per-mtok: 2, output-per-mtok: 10, cache-read-per-mtok: 0.1, cache-write-per-mtok: 2.5, cache-write-1h-per-mtok: 5 }
                """, io.helidon.common.media.type.MediaTypes.APPLICATION_X_YAML));

        AgentSettings settings = AgentSettings.from(config);

        assertThat(settings.priceOf("my-model").orElseThrow(), is(new ModelPrice(2, 8, 0.5, 2.5, 4)));
        assertThat(settings.priceOf("gpt-6.1-sol").orElseThrow(), is(new ModelPrice(2, 10, 0.1, 2.5, 5)));
    }

    @Test
    void promptCachingCanBeTurnedOffAndItsLifetimeChosen() {
        AgentSettings settings = from(Map.of("prompt-caching", "false", "prompt-cache-ttl", "1h"));

        assertThat(settings.promptCaching(), is(false));
        assertThat(settings.cacheTtl(), is(CacheTtl.ONE_HOUR));
    }

    @Test
    void theEnvironmentVariableTurnsPromptCachingOff() {
        Config config = agentchat.config.ConfigLoader.load(Map.of("AGENT_PROMPT_CACHING", "false"), Map.of());

        assertThat(AgentSettings.from(config.get("agent")).promptCaching(), is(false));
        assertThat(AgentSettings.from(agentchat.config.ConfigLoader.load(Map.of(), Map.of()).get("agent"))
                           .promptCaching(), is(true));
    }

    @Test
    void anUnknownCacheLifetimeIsRejectedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                                                  () -> from(Map.of("prompt-cache-ttl", "10m")));
        assertThat(e.getMessage(), containsString("10m"));
    }

    @Test
    void historyBudgetCharsStillWorksAsFourCharactersATokenWhenTheTokenKeyIsAbsent() {
        assertThat(from(Map.of("history-budget-chars", "400000")).historyBudgetTokens(), is(100_000L));
        assertThat(from(Map.of("history-budget-chars", "400000", "history-budget-tokens", "5000"))
                           .historyBudgetTokens(), is(5_000L));
    }

    @Test
    void toStringNeverShowsTheKey() {
        assertThat(from(Map.of("api-key", "sk-secret")).toString(), not(containsString("sk-secret")));
    }
}
