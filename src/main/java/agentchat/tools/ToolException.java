package agentchat.tools;

/** A tool call that cannot be carried out; the message is shown to the model as the tool result. */
public class ToolException extends RuntimeException {

    public ToolException(String message) {
        super(message);
    }

    public ToolException(String message, Throwable cause) {
        super(message, cause);
    }
}
