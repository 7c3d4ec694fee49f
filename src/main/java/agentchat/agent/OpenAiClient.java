package agentchat.agent;

import java.net.http.HttpRequest;

/** OpenAI Chat Completions, streamed; also Ollama, vLLM, llama.cpp server, LM Studio and the like. */
public final class OpenAiClient extends StreamingAgentClient {

    public OpenAiClient(AgentSettings settings, ToolRunner tools) {
        super(settings, tools);
    }

    @Override
    HttpRequest request(ModelCall call) {
        String body = OpenAiFormat.requestBody(settings(), call).toString();
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
