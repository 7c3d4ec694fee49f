package agentchat.mcp;

/** The names MCP tools are offered under: {@code mcp__<server>__<tool>}, as the providers' name rules allow. */
final class McpToolNames {

    static final String PREFIX = "mcp__";
    static final int MAX_LENGTH = 64;

    private McpToolNames() {
    }

    /** {@code mcp__<server>__<tool>}, each character outside {@code [A-Za-z0-9_-]} made {@code _}, cut to 64. */
    static String offered(String server, String tool) {
        String name = serverPrefix(server) + clean(tool);
        return name.length() <= MAX_LENGTH ? name : name.substring(0, MAX_LENGTH);
    }

    /** What every offered name of this server starts with (before the cut to 64). */
    static String serverPrefix(String server) {
        return PREFIX + clean(server) + "__";
    }

    /** One {@code _} per code point outside {@code [A-Za-z0-9_-]}. */
    static String clean(String text) {
        StringBuilder cleaned = new StringBuilder(text.length());
        text.codePoints().forEach(c -> cleaned.append(allowed(c) ? (char) c : '_'));
        return cleaned.toString();
    }

    private static boolean allowed(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }
}
