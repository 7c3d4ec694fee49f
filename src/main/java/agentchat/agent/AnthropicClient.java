package agentchat.agent;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;

/** Claude through the Anthropic Messages API, streamed. */
public final class AnthropicClient extends StreamingAgentClient {

    static final String API_VERSION = "2023-06-01";
    /** Asked for with the 1-hour cache lifetime, which began as a beta; harmless where it is standard. */
    static final String EXTENDED_CACHE_TTL_BETA = "extended-cache-ttl-2025-04-11";
    /** Asked for with {@code thinking.display: "updates"}, which is in beta. */
    static final String THINKING_DISPLAY_UPDATES_BETA = "thinking-display-updates-2026-08-18";

    public AnthropicClient(AgentSettings settings, ToolRunner tools) {
        super(settings, tools);
    }

    @Override
    HttpRequest request(ModelCall call) {
        String body = AnthropicFormat.requestBody(settings(), call).toString();
        HttpRequest.Builder request = post("/v1/messages", body).header("anthropic-version", API_VERSION);
        List<String> betas = new ArrayList<>();
        if (settings().promptCaching() && settings().cacheTtl() == CacheTtl.ONE_HOUR) {
            betas.add(EXTENDED_CACHE_TTL_BETA);
        }
        if (settings().progressUpdates(call.model())) {
            betas.add(THINKING_DISPLAY_UPDATES_BETA);
        }
        if (!betas.isEmpty()) {
            request.header("anthropic-beta", String.join(",", betas));
        }
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
