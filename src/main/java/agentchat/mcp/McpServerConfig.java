package agentchat.mcp;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One configured MCP server: a command run as a child process speaking over its stdin/stdout
 * ({@code command}, {@code args}, {@code env}, {@code cwd}), or a Streamable HTTP endpoint
 * ({@code url}, {@code headers}).
 *
 * @param name    the name it is configured under; its tools are offered as {@code mcp__<name>__<tool>}
 * @param command the executable (stdio), or null for an HTTP server
 * @param env     the variables the child gets besides PATH, HOME and LANG (stdio)
 * @param cwd     the child's working directory; empty: the server's own (stdio)
 * @param url     the endpoint (HTTP), or null for a stdio server
 * @param headers sent with every request (HTTP), e.g. {@code Authorization}
 */
public record McpServerConfig(String name, String command, List<String> args, Map<String, String> env,
                              Optional<Path> cwd, URI url, Map<String, String> headers) {

    public McpServerConfig {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an MCP server needs a name");
        }
        if ((command == null) == (url == null)) {
            throw new IllegalArgumentException("MCP server " + name + " needs either a command (stdio) or a url (HTTP)");
        }
        if (command != null && command.isBlank()) {
            throw new IllegalArgumentException("MCP server " + name + " has an empty command");
        }
        if (url != null && !(("http".equals(url.getScheme()) || "https".equals(url.getScheme())) && url.getHost() != null)) {
            throw new IllegalArgumentException("MCP server " + name + " needs an http(s) url: " + safe(url));
        }
        args = List.copyOf(args);
        env = Map.copyOf(env);
        headers = Map.copyOf(new LinkedHashMap<>(headers));
    }

    public static McpServerConfig stdio(String name, String command, List<String> args, Map<String, String> env,
                                        Optional<Path> cwd) {
        return new McpServerConfig(name, command, args, env, cwd, null, Map.of());
    }

    public static McpServerConfig http(String name, URI url, Map<String, String> headers) {
        return new McpServerConfig(name, null, List.of(), Map.of(), Optional.empty(), url, headers);
    }

    public boolean stdio() {
        return command != null;
    }

    /** The command line, for starting the process. */
    List<String> commandLine() {
        List<String> line = new ArrayList<>();
        line.add(command);
        line.addAll(args);
        return line;
    }

    /** What the logs may say about the server: never env values, headers or a URL's query (they may hold secrets). */
    String describe() {
        return stdio() ? "command " + command : "url " + safe(url);
    }

    private static String safe(URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort())
                + (url.getPath() == null ? "" : url.getPath());
    }
}
