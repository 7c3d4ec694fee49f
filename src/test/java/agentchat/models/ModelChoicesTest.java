package agentchat.models;

import java.util.Map;

import agentchat.config.ConfigLoader;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ModelChoicesTest {

    private static ModelChoices from(Config agent) {
        return ModelChoices.from(agent.get("models"), "openai", "gpt-4o-mini");
    }

    @Test
    void withoutAListTheDefaultModelIsTheOnlyChoice() {
        assertThat(from(Config.empty()).ids(), contains("gpt-4o-mini"));
    }

    @Test
    void theEnvironmentListIsReadAndTheDefaultKeepsItsPlaceWhenListed() {
        Config config = ConfigLoader.load(Map.of("AGENT_MODELS", "gpt-4.1, gpt-4o-mini,,gpt-4o"), Map.of());
        assertThat(from(config.get("agent")).ids(), contains("gpt-4o-mini", "gpt-4.1", "gpt-4o"));
    }

    @Test
    void aYamlListWorksToo() {
        Config config = Config.just(ConfigSources.create(Map.of("models.0", "llama3.1:8b", "models.1", "qwen2.5")));
        assertThat(from(config).ids(), contains("gpt-4o-mini", "llama3.1:8b", "qwen2.5"));
    }

    @Test
    void aModelTakenOffTheListFallsBackToTheDefaultForTurns() {
        ModelChoices choices = from(Config.just(ConfigSources.create(Map.of("models", "gpt-4o"))));
        assertThat(choices.forTurn("gpt-4o"), is("gpt-4o"));
        assertThat(choices.forTurn("gpt-3.5-turbo"), is(nullValue()));
        assertThat(choices.forTurn(null), is(nullValue()));
    }

    @Test
    void anIdLongerThanTheColumnIsRefusedAtStart() {
        Config config = Config.just(ConfigSources.create(Map.of("models", "m".repeat(201))));
        assertThrows(IllegalArgumentException.class, () -> from(config));
    }
}
