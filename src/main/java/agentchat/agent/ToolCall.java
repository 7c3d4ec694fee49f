package agentchat.agent;

import agentchat.messages.MessageContent;

/** A tool call the model made; {@code inputError} says why its input was not a JSON object, else null. */
record ToolCall(MessageContent.ToolUse use, String inputError) {
}
