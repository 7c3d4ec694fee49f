package agentchat.tools;

import java.util.List;
import java.util.Optional;

import agentchat.agent.ToolSpec;
import jakarta.json.JsonObject;

/**
 * Tools that live outside this server (those of MCP servers), offered beside the built-in ones. The list
 * changes while the server runs, as external servers come, go and change their tools.
 */
public interface ExternalTools {

    ExternalTools NONE = new ExternalTools() {
        @Override
        public List<ExternalTool> tools() {
            return List.of();
        }

        @Override
        public Optional<String> unavailable(String name) {
            return Optional.empty();
        }

        @Override
        public ToolOutput call(ExternalTool tool, JsonObject input) {
            return ToolOutput.error("Unknown tool: " + tool.spec().name());
        }
    };

    /** The tools offered now. */
    List<ExternalTool> tools();

    /** Why a tool of this name cannot be called now, when it belongs to a source that is down; else empty. */
    Optional<String> unavailable(String name);

    /**
     * Runs one call. A failing, unanswered or unreachable tool is an error output, never an exception.
     *
     * @throws InterruptedException when the turn is cancelled while the call runs (the call has then been
     *                              abandoned and the external server told so)
     */
    ToolOutput call(ExternalTool tool, JsonObject input) throws InterruptedException;

    /**
     * One external tool.
     *
     * @param spec     name (as offered to the model), description and input schema
     * @param source   where it comes from, e.g. {@code mcp:files}
     * @param readOnly whether its source declares that it changes nothing (approval mode {@code writes} skips it)
     */
    record ExternalTool(ToolSpec spec, String source, boolean readOnly) {
    }
}
