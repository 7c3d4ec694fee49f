package agentchat.agent;

import java.net.http.HttpRequest;
import java.util.List;

/** Claude through the Anthropic Messages API, streamed. */
public final class AnthropicClient extends StreamingAgentClient {

    static final String API_VERSION = "2023-06-01";

    public AnthropicClient(AgentSettings settings, ToolRunner tools) {
        super(settings, tools);
    }

    @Override
    HttpRequest request(AgentSettings turnSettings, List<WireMessage> messages, List<ToolSpec> tools) {
        String body = AnthropicFormat.requestBody(turnSettings, messages, tools).toString();
        HttpRequest.Builder request = post("/v1/messages", body).header("anthropic-version", API_VERSION);
        if (!settings().apiKey().isBlank()) {
            request.header("x-api-key", settings().apiKey());
        }
        return request.build();
    }

    @Override
    StreamDecoder decoder(ReplyAccumulator reply) {
        return new AnthropicStreamDecoder(reply);
    }
}
