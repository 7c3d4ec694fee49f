package agentchat.tools;

/**
 * A tool as {@code GET /api/tools} lists it.
 *
 * @param source        {@code builtin} or {@code mcp:<server>}
 * @param needsApproval whether a call waits for the user's approval under the configured approval mode
 */
public record OfferedTool(String name, String description, String source, boolean needsApproval) {
}
