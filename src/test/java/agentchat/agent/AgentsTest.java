package agentchat.agent;

import java.util.List;
import java.util.Map;

import io.helidon.config.Config;
import org.junit.jupiter.api.Test;

import static agentchat.agent.TestAgents.user;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;

class AgentsTest {

    @Test
    void withoutKeyEveryTurnFailsWithAgentNotConfiguredSayingHowToConfigure() {
        try (AgentClient client = Agents.create(AgentSettings.from(Config.empty()), ToolRunner.NONE)) {
            RecordingCallbacks callbacks = new RecordingCallbacks();

            client.sendMessage(TurnRequest.of("chat-1", List.of(user("Hi")), null), callbacks);

            assertThat(callbacks.error.code(), is("AGENT_NOT_CONFIGURED"));
            assertThat(callbacks.error.message(), containsString("AGENT_API_KEY"));
            assertThat(callbacks.error.message(), containsString("AGENT_PROVIDER"));
            assertThat(callbacks.error.message(), containsString("AGENT_BASE_URL"));
            assertThat(callbacks.terminalCalls, is(1));
        }
    }

    @Test
    void anthropicWithKeyGivesTheAnthropicClient() {
        AgentSettings settings = AgentSettings.from(TestAgents.config(Map.of("api-key", "k")));
        try (AgentClient client = Agents.create(settings, ToolRunner.NONE)) {
            assertThat(client, instanceOf(AnthropicClient.class));
        }
    }

    @Test
    void openAiCompatibleServerGivesTheOpenAiClient() {
        AgentSettings settings = AgentSettings.from(TestAgents.config(
                Map.of("provider", "openai", "base-url", "http://localhost:11434")));
        try (AgentClient client = Agents.create(settings, ToolRunner.NONE)) {
            assertThat(client, instanceOf(OpenAiClient.class));
        }
    }
}
