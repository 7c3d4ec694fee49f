package agentchat.agent;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;


/**
 * The provider-independent part of an {@link AgentClient}: one turn per call on the caller's thread,
 * cancellation by chat, and the promise of exactly one terminal callback.
 */
public abstract sealed class StreamingAgentClient implements AgentClient
        permits AnthropicClient, OpenAiClient {

    private static final System.Logger LOG = System.getLogger(StreamingAgentClient.class.getName());

    private final AgentSettings settings;
    private final ToolRunner tools;
    /** Made at the first turn, not at start (the JDK client and its threads cost ~0.1 s of a start). */
    private final ReentrantLock lazy = new ReentrantLock();
    private HttpClient http;
    private IdleWatchdog watchdog;
    private volatile UpstreamCall upstream;
    private final Map<String, RunningTurn> running = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    StreamingAgentClient(AgentSettings settings, ToolRunner tools) {
        this.settings = settings;
        this.tools = tools;
    }

    public AgentSettings settings() {
        return settings;
    }

    private UpstreamCall upstream() {
        UpstreamCall call = upstream;
        if (call != null) {
            return call;
        }
        lazy.lock();
        try {
            if (upstream == null) {
                http = HttpClient.newBuilder()
                        .connectTimeout(settings.connectTimeout())
                        .followRedirects(HttpClient.Redirect.NEVER)
                        // the selector thread hands each piece of a reply straight to the reading turn: no hop
                        // through a pool thread per piece (nothing run here blocks: ofInputStream only queues)
                        .executor(Runnable::run)
                        .build();
                watchdog = new IdleWatchdog();
                upstream = new UpstreamCall(http, watchdog, settings);
            }
            return upstream;
        } finally {
            lazy.unlock();
        }
    }

    @Override
    public void sendMessage(TurnRequest request, AgentCallbacks callbacks) {
        String chatId = request.chatId();
        TerminalCallbacks terminal = new TerminalCallbacks(callbacks);
        RunningTurn turnState = new RunningTurn(Thread.currentThread());
        AgentTurn turn = new AgentTurn(request, terminal, turnState, this, upstream(), tools, settings);
        RunningTurn previous = running.put(chatId, turnState);
        if (previous != null) {
            LOG.log(System.Logger.Level.WARNING, "Chat {0} started a turn while one was running", chatId);
        }
        try {
            if (closed.get()) {
                terminal.error(turn.error(UpstreamException.UPSTREAM_ERROR, "The agent client is closed"));
                return;
            }
            String stopReason = turn.run();
            turnState.end();
            terminal.complete(turn.result(stopReason));
        } catch (TurnCancelledException e) {
            turnState.end();
            terminal.complete(turn.result(AgentTurn.CANCELLED));
        } catch (UpstreamException e) {
            turnState.end();
            if (turnState.cancelled()) {
                terminal.complete(turn.result(AgentTurn.CANCELLED));
            } else {
                LOG.log(System.Logger.Level.WARNING, "Turn of chat {0} failed: {1} {2}", chatId, e.code(),
                        e.getMessage());
                terminal.error(turn.error(e.code(), e.getMessage()));
            }
        } catch (RuntimeException e) {
            turnState.end();
            LOG.log(System.Logger.Level.ERROR, "Turn of chat " + chatId + " failed unexpectedly", e);
            terminal.error(turn.error(UpstreamException.UPSTREAM_ERROR, "The agent failed unexpectedly: " + e));
        } finally {
            turnState.end();
            running.remove(chatId, turnState);
            if (!terminal.ended()) {
                terminal.error(turn.error(UpstreamException.UPSTREAM_ERROR, "The agent failed unexpectedly"));
            }
        }
    }

    @Override
    public void cancel(String chatId) {
        RunningTurn turn = running.get(chatId);
        if (turn != null) {
            turn.cancel();
        }
    }

    /** Cancels every running turn and releases the HTTP client. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        running.values().forEach(RunningTurn::cancel);
        lazy.lock();
        try {
            if (http != null) {
                watchdog.close();
                http.shutdownNow();
            }
        } finally {
            lazy.unlock();
        }
    }

    /** The provider's streaming request for one model call. */
    abstract HttpRequest request(ModelCall call);

    /** Reads the provider's stream into {@code reply}. */
    abstract StreamDecoder decoder(ReplyAccumulator reply);

    /** A streaming POST of a JSON body to {@code {base-url}{path}}. */
    HttpRequest.Builder post(String path, String jsonBody) {
        return HttpRequest.newBuilder(URI.create(settings.baseUrl() + path))
                .timeout(settings.responseTimeout())
                .header("content-type", "application/json")
                .header("accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(jsonBody));
    }
}
