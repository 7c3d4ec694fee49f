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
        assertThat(settings.model(), is("claude-sonnet-4-5"));
        assertThat(settings.maxTokens(), is(4096));
        assertThat(settings.responseTimeout(), is(Duration.ofSeconds(60)));
        assertThat(settings.idleTimeout(), is(Duration.ofSeconds(120)));
        assertThat(settings.maxRetries(), is(3));
        assertThat(settings.maxTurns(), is(25));
        assertThat(settings.historyBudgetChars(), is(400_000));
        assertThat(settings.configured(), is(false));
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

        assertThat(settings.priceOf("gpt-4o-mini-2024-07-18").orElseThrow(), is(new ModelPrice(0.15, 0.6)));
    }

    @Test
    void toStringNeverShowsTheKey() {
        assertThat(from(Map.of("api-key", "sk-secret")).toString(), not(containsString("sk-secret")));
    }
}
