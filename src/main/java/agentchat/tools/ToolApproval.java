package agentchat.tools;

import agentchat.messages.MessageContent;

/**
 * Asks the user whether a tool call may run. Implementations wait (e.g. for a WebSocket answer, up to
 * {@link ToolSettings#approvalTimeout()}) and answer denied when no answer comes.
 */
@FunctionalInterface
public interface ToolApproval {

    /** Approves every call without asking. */
    ToolApproval ALWAYS_APPROVE = (chatId, call) -> Decision.approve();

    /**
     * @throws InterruptedException when the turn is cancelled while waiting
     */
    Decision approve(String chatId, MessageContent.ToolUse call) throws InterruptedException;

    /** The user's answer, with an optional message (e.g. why a call was denied; "" for none) passed on to the model. */
    record Decision(boolean approved, String message) {

        public Decision {
            message = message == null ? "" : message.strip();
        }

        public static Decision approve() {
            return new Decision(true, null);
        }

        public static Decision deny(String message) {
            return new Decision(false, message);
        }
    }
}
