package agentchat.tools;

import agentchat.agent.ToolSpec;
import jakarta.json.JsonObject;

/** One tool the model may call. Implementations are stateless apart from their settings. */
public interface Tool {

    String name();

    /** What the tool does, written for the model. */
    String description();

    /** JSON schema of the input object. */
    JsonObject inputSchema();

    /** Whether the tool can change files or run commands (approval mode {@code writes} asks for these). */
    boolean writes();

    /**
     * Runs one call.
     *
     * @return the result text shown to the model
     * @throws ToolException        for a call that cannot be carried out (the message is the error result)
     * @throws InterruptedException when the calling thread is interrupted; anything started has been stopped
     */
    String run(Workspace workspace, JsonObject input) throws Exception;

    default ToolSpec spec() {
        return new ToolSpec(name(), description(), inputSchema());
    }
}
