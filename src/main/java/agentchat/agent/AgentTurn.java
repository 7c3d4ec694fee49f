package agentchat.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import agentchat.messages.Message;
import agentchat.messages.MessageContent;
import agentchat.messages.Role;

/**
 * One user turn: model calls and the tool runs between them, until the model stops asking for
 * tools or max-turns calls were made. Keeps the usage summed over all calls.
 *
 * <p>Every call of a turn sends the same earlier conversation (trimmed to the history budget once, at
 * the first call) and then the turn's own calls and results, each reply as the provider returned
 * it. Claude's thinking blocks are bound to everything before them: they must come back unchanged,
 * in place, after an unchanged prefix, or the API refuses the request. Earlier turns are replayed
 * from storage without their thinking, which the API allows (a change invalidates only the thinking
 * after it, and this turn's thinking comes after all of them).
 */
final class AgentTurn {

    private static final System.Logger LOG = System.getLogger(AgentTurn.class.getName());

    static final String MAX_TURNS = "max_turns";
    static final String CANCELLED = "cancelled";

    private final String chatId;
    private final List<Message> conversation;
    private final String givenSessionId;
    private final String requestedModel;
    private final String systemPrompt;
    private final AgentCallbacks callbacks;
    private final RunningTurn running;
    private final StreamingAgentClient api;
    private final UpstreamCall upstream;
    private final ToolRunner tools;
    private final AgentSettings settings;
    /** This turn's calls and tool results as sent back to the model, after {@link #history}. */
    private final List<WireMessage> exchange = new ArrayList<>();
    private final TurnUsage usage;
    private final boolean progressUpdates;
    private History history;
    private String firstResponseId;
    private String model;
    private ReplyAccumulator current;

    AgentTurn(TurnRequest request, AgentCallbacks callbacks, RunningTurn running, StreamingAgentClient api,
              UpstreamCall upstream, ToolRunner tools, AgentSettings settings) {
        this.chatId = request.chatId();
        this.conversation = request.conversation();
        this.givenSessionId = request.sessionId();
        this.requestedModel = request.model() != null ? request.model() : settings.model();
        this.systemPrompt = request.systemPrompt() != null ? request.systemPrompt() : settings.systemPrompt();
        this.callbacks = callbacks;
        this.running = running;
        this.api = api;
        this.upstream = upstream;
        this.tools = tools;
        this.settings = settings;
        this.usage = new TurnUsage(settings, requestedModel);
        this.progressUpdates = settings.progressUpdates(requestedModel);
    }

    /** The earlier conversation as sent on every call of the turn, and how many of its blocks precede the newest user message. */
    private record History(List<WireMessage> wire, int blocks) {
    }

    /** Runs the turn to its end and returns the stop reason; throws UpstreamException or TurnCancelledException. */
    String run() {
        List<ToolSpec> specs = tools.specs();
        Set<String> offered = specs.stream().map(ToolSpec::name).collect(Collectors.toSet());
        for (int call = 1; ; call++) {
            running.throwIfCancelled();
            callbacks.onStatus("thinking");
            ReplyAccumulator reply = callModel(specs, call > 1);
            List<ToolCall> toolCalls = reply.toolCalls();
            if (!ReplyAccumulator.TOOL_USE.equals(reply.stopReason()) || toolCalls.isEmpty()) {
                return reply.stopReason();
            }
            if (call >= settings.maxTurns()) {
                answerUnrun(toolCalls);
                return MAX_TURNS;
            }
            List<MessageContent> results = new ArrayList<>();
            for (ToolCall toolCall : toolCalls) {
                running.throwIfCancelled();
                callbacks.onToolUse(toolCall.use());
                callbacks.onStatus("tool_use");
                MessageContent.ToolResult result = runTool(toolCall, offered);
                results.add(result);
                callbacks.onToolResult(result);
            }
            exchange.add(new WireMessage(Role.USER, results));
        }
    }

    /**
     * The calls of the last allowed model call are shown and stored with an error result saying why
     * they did not run, so the user sees why the turn stopped and a later turn replays a complete
     * call/result pair.
     */
    private void answerUnrun(List<ToolCall> toolCalls) {
        for (ToolCall toolCall : toolCalls) {
            MessageContent.ToolUse use = toolCall.use();
            MessageContent.ToolResult result = new MessageContent.ToolResult(use.id(),
                    "Not run: this turn reached its limit of " + settings.maxTurns()
                            + " model calls (agent.max-turns). Send a new message to continue.", true);
            callbacks.onToolUse(use);
            callbacks.onToolResult(result);
        }
    }

    AgentResult result(String stopReason) {
        return new AgentResult(stopReason, sessionId(), modelName(), usage.total(current));
    }

    AgentError error(String code, String message) {
        return new AgentError(code, message, sessionId(), modelName(), usage.total(current));
    }

    private ReplyAccumulator callModel(List<ToolSpec> specs, boolean toolLoop) {
        if (history == null) {
            history = history();
        }
        List<WireMessage> wire = new ArrayList<>(history.wire());
        wire.addAll(exchange);
        ModelCall call = new ModelCall(requestedModel, systemPrompt, wire, specs, history.blocks(), toolLoop);
        ReplyAccumulator reply = upstream.stream(running, api.request(call), this::newReply, api::decoder);
        current = null;
        usage.add(reply);
        if (firstResponseId == null) {
            firstResponseId = reply.responseId();
        }
        if (model == null) {
            model = reply.model();
        }
        exchange.add(new WireMessage(Role.ASSISTANT, reply.parts(), reply.providerContent()));
        return reply;
    }

    /**
     * The conversation within the history budget, in the providers' shape. Assistant messages after
     * the newest user message are left out: a request ending with one is an assistant prefill, which
     * Claude 5.x models refuse.
     */
    private History history() {
        List<Message> kept = HistoryBudget.trim(conversation, settings.historyBudgetTokens());
        List<WireMessage> wire = new ArrayList<>(ConversationShaper.toWire(kept));
        while (!wire.isEmpty() && wire.getLast().role() == Role.ASSISTANT) {
            wire.removeLast();
        }
        if (wire.isEmpty()) {
            throw UpstreamException.fatal(UpstreamException.UPSTREAM_ERROR, "The conversation has no user message");
        }
        return new History(List.copyOf(wire), ModelCall.historyBlocks(kept, wire));
    }

    private ReplyAccumulator newReply() {
        boolean[] responding = {false};
        current = new ReplyAccumulator(text -> {
            if (!responding[0]) {
                responding[0] = true;
                callbacks.onStatus("responding");
            }
            callbacks.onTextDelta(text);
        }, progressUpdates);
        return current;
    }

    private MessageContent.ToolResult runTool(ToolCall call, Set<String> offered) {
        MessageContent.ToolUse use = call.use();
        if (call.inputError() != null) {
            return new MessageContent.ToolResult(use.id(), call.inputError(), true);
        }
        if (!offered.contains(use.name())) {
            return new MessageContent.ToolResult(use.id(), "Unknown tool: " + use.name(), true);
        }
        MessageContent.ToolResult result;
        try {
            result = running.runTool(() -> tools.run(chatId, use));
        } catch (RuntimeException e) {
            if (e instanceof TurnCancelledException) {
                throw e;
            }
            LOG.log(System.Logger.Level.WARNING, "Tool " + use.name() + " threw instead of returning an error", e);
            return new MessageContent.ToolResult(use.id(), "Tool " + use.name() + " failed: " + e.getMessage(), true);
        }
        running.throwIfCancelled();
        if (result == null) {
            return new MessageContent.ToolResult(use.id(), "Tool " + use.name() + " returned no result", true);
        }
        return result.toolUseId().equals(use.id()) ? result : result.withToolUseId(use.id());
    }

    private String sessionId() {
        if (givenSessionId != null) {
            return givenSessionId;
        }
        if (firstResponseId == null && current != null) {
            firstResponseId = current.responseId();
        }
        if (firstResponseId == null) {
            firstResponseId = UUID.randomUUID().toString();
        }
        return firstResponseId;
    }

    private String modelName() {
        if (model != null) {
            return model;
        }
        return current != null && current.model() != null ? current.model() : requestedModel;
    }
}
