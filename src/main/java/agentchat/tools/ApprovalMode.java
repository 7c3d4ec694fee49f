package agentchat.tools;

import java.util.Locale;

/** Which tool calls wait for a user's approval before they run. */
public enum ApprovalMode {
    /** Every call runs at once. */
    NEVER,
    /** Calls of tools that change files or run commands wait; reading tools run at once. */
    WRITES,
    /** Every call waits. */
    ALWAYS;

    public static ApprovalMode parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a tool approval mode (never, writes, always): " + value);
        }
    }

    public boolean requiresApproval(Tool tool) {
        return requiresApproval(tool.writes());
    }

    /** @param writes whether the tool may change something (for MCP tools: unless annotated read-only) */
    public boolean requiresApproval(boolean writes) {
        return switch (this) {
            case NEVER -> false;
            case WRITES -> writes;
            case ALWAYS -> true;
        };
    }
}
