package agentchat.agent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import agentchat.messages.Message;
import agentchat.messages.MessageContent;
import agentchat.messages.MessageMetadata;
import agentchat.messages.Role;

/**
 * One user turn: model calls and the tool runs between them, until the model stops asking for
 * tools or max-turns calls were made. Keeps the usage summed over all calls.
 */
final class AgentTurn {

    private static final System.Logger LOG = System.getLogger(AgentTurn.class.getName());

    static final String MAX_TURNS = "max_turns";
    static final String CANCELLED = "cancelled";

    private final String chatId;
    private final List<Message> conversation;
    private final String givenSessionId;
    private final AgentCallbacks callbacks;
    private final RunningTurn running;
    private final StreamingAgentClient api;
    private final UpstreamCall upstream;
    private final ToolRunner tools;
    private final AgentSettings settings;
    private final List<MessageContent> turnParts = new ArrayList<>();
    private long inputTokens;
    private long outputTokens;
    private String firstResponseId;
    private String model;
    private ReplyAccumulator current;

    AgentTurn(TurnRequest request, AgentCallbacks callbacks, RunningTurn running, StreamingAgentClient api,
              UpstreamCall upstream, ToolRunner tools, AgentSettings settings) {
        this.chatId = request.chatId();
        this.conversation = request.conversation();
        this.givenSessionId = request.sessionId();
        this.callbacks = callbacks;
        this.running = running;
        this.api = api;
        this.upstream = upstream;
        this.tools = tools;
        this.settings = settings;
    }

    /** Runs the turn to its end and returns the stop reason; throws UpstreamException or TurnCancelledException. */
    String run() {
        List<ToolSpec> specs = tools.specs();
        Set<String> offered = specs.stream().map(ToolSpec::name).collect(Collectors.toSet());
        for (int call = 1; ; call++) {
            running.throwIfCancelled();
            callbacks.onStatus("thinking");
            ReplyAccumulator reply = callModel(specs);
            List<ToolCall> toolCalls = reply.toolCalls();
            if (!ReplyAccumulator.TOOL_USE.equals(reply.stopReason()) || toolCalls.isEmpty()) {
                return reply.stopReason();
            }
            if (call >= settings.maxTurns()) {
                answerUnrun(toolCalls);
                return MAX_TURNS;
            }
            for (ToolCall toolCall : toolCalls) {
                running.throwIfCancelled();
                callbacks.onToolUse(toolCall.use());
                callbacks.onStatus("tool_use");
                MessageContent.ToolResult result = runTool(toolCall, offered);
                turnParts.add(result);
                callbacks.onToolResult(result);
            }
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
            turnParts.add(result);
            callbacks.onToolUse(use);
            callbacks.onToolResult(result);
        }
    }

    AgentResult result(String stopReason) {
        return new AgentResult(stopReason, sessionId(), modelName(), usage());
    }

    AgentError error(String code, String message) {
        return new AgentError(code, message, sessionId(), modelName(), usage());
    }

    private ReplyAccumulator callModel(List<ToolSpec> specs) {
        List<Message> sent = new ArrayList<>(conversation);
        if (!turnParts.isEmpty()) {
            sent.add(new Message(null, chatId, Role.ASSISTANT, turnParts, Instant.now(), MessageMetadata.EMPTY));
        }
        List<WireMessage> wire = ConversationShaper.toWire(
                ConversationShaper.withinBudget(sent, settings.historyBudgetChars()));
        if (wire.isEmpty()) {
            throw UpstreamException.fatal(UpstreamException.UPSTREAM_ERROR, "The conversation has no user message");
        }
        ReplyAccumulator reply = upstream.stream(running, api.request(settings, wire, specs), this::newReply, api::decoder);
        current = null;
        inputTokens += reply.inputTokens();
        outputTokens += reply.outputTokens();
        if (firstResponseId == null) {
            firstResponseId = reply.responseId();
        }
        if (model == null) {
            model = reply.model();
        }
        turnParts.addAll(reply.parts());
        return reply;
    }

    private ReplyAccumulator newReply() {
        boolean[] responding = {false};
        current = new ReplyAccumulator(text -> {
            if (!responding[0]) {
                responding[0] = true;
                callbacks.onStatus("responding");
            }
            callbacks.onTextDelta(text);
        });
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
        return result.toolUseId().equals(use.id())
                ? result
                : new MessageContent.ToolResult(use.id(), result.content(), result.isError());
    }

    private long totalInput() {
        return inputTokens + (current == null ? 0 : current.inputTokens());
    }

    private long totalOutput() {
        return outputTokens + (current == null ? 0 : current.outputTokens());
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
        return current != null && current.model() != null ? current.model() : settings.model();
    }

    private Usage usage() {
        return new Usage(totalInput(), totalOutput(), 0, 0, cost());
    }

    private Double cost() {
        String name = modelName();
        return settings.priceOf(name)
                .or(() -> settings.priceOf(settings.model()))
                .map(price -> price.cost(totalInput(), totalOutput()))
                .orElse(null);
    }
}
