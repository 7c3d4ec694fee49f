package agentchat.live;

import java.util.HashMap;
import java.util.Map;

import agentchat.testing.FakeUpstream;
import agentchat.testing.TestApp;
import agentchat.testing.TestDatabase;

/** A server whose agent talks to a fake upstream, with small timeouts so failure tests stay fast. */
final class LiveTestSupport {

    private LiveTestSupport() {
    }

    static TestApp appFor(FakeUpstream upstream, String provider, Map<String, String> extra) {
        return TestApp.create(config(upstream, provider, extra));
    }

    /** The same kind of server over an existing database, as after a restart. */
    static TestApp appOn(TestDatabase.Target database, FakeUpstream upstream, String provider,
                         Map<String, String> extra) {
        return TestApp.on(database, config(upstream, provider, extra));
    }

    private static Map<String, String> config(FakeUpstream upstream, String provider, Map<String, String> extra) {
        Map<String, String> config = new HashMap<>();
        config.put("agent.provider", provider);
        config.put("agent.base-url", upstream.baseUrl());
        config.put("agent.api-key", "test-upstream-key");
        config.put("agent.model", provider.equals("openai") ? "gpt-4o-mini" : "claude-sonnet-4-5");
        config.put("agent.retry-base-delay-ms", "10");
        config.put("agent.retry-max-delay-ms", "50");
        config.put("agent.idle-timeout-ms", "3000");
        config.put("agent.response-timeout-ms", "5000");
        config.put("live.flush-interval-ms", "200");
        config.putAll(extra);
        return config;
    }
}
