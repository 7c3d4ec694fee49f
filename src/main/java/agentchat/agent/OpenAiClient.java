package agentchat.agent;

import java.net.http.HttpRequest;
import java.util.List;

/** OpenAI Chat Completions, streamed; also Ollama, vLLM, llama.cpp server, LM Studio and the like. */
public final class OpenAiClient extends StreamingAgentClient {

    public OpenAiClient(AgentSettings settings, ToolRunner tools) {
        super(settings, tools);
    }

    @Override
    HttpRequest request(AgentSettings turnSettings, List<WireMessage> messages, List<ToolSpec> tools) {
        String body = OpenAiFormat.requestBody(turnSettings, messages, tools).toString();
        HttpRequest.Builder request = post("/v1/chat/completions", body);
        if (!settings().apiKey().isBlank()) {
            request.header("authorization", "Bearer " + settings().apiKey());
        }
        return request.build();
    }

    @Override
    StreamDecoder decoder(ReplyAccumulator reply) {
        return new OpenAiStreamDecoder(reply);
    }
}
