package agentchat.agent;

import agentchat.messages.MessageContent;

/** Receives one turn's stream. Called from the generation's thread, in order. */
public interface AgentCallbacks {

    /** "thinking" while waiting for the model, "responding" while text streams, "tool_use" while a tool runs. */
    void onStatus(String status);

    void onTextDelta(String text);

    /** The model's tool call, complete (its input fully assembled). */
    void onToolUse(MessageContent.ToolUse toolUse);

    /** The result that is sent back to the model for a tool call. */
    void onToolResult(MessageContent.ToolResult result);

    /** The turn ended normally (end_turn, max_tokens, max_turns) or by {@code cancel} ("cancelled"). */
    void onComplete(AgentResult result);

    /** The turn failed; the text streamed so far stays valid. */
    void onError(AgentError error);
}
