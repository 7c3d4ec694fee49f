package agentchat.agent;

import java.util.List;

import agentchat.messages.MessageContent;

/** Runs the tools the agent offers to the model. */
public interface ToolRunner {

    ToolRunner NONE = new ToolRunner() {
        @Override
        public List<ToolSpec> specs() {
            return List.of();
        }

        @Override
        public MessageContent.ToolResult run(String chatId, MessageContent.ToolUse call) {
            return new MessageContent.ToolResult(call.id(), "Unknown tool: " + call.name(), true);
        }
    };

    /** The tools offered to the model (may be empty: then no tools are sent). */
    List<ToolSpec> specs();

    /**
     * Runs one call in the chat's workspace. Never throws for a failing tool: failures, unknown tools
     * and refusals are results with {@code isError}. Throws InterruptedException when the turn is
     * cancelled while the tool runs (the tool has then been stopped).
     */
    MessageContent.ToolResult run(String chatId, MessageContent.ToolUse call) throws InterruptedException;
}
