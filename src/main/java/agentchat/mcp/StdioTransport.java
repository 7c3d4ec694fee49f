package agentchat.mcp;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import agentchat.tools.ProcessTrees;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The stdio transport: the server as a child process, one JSON-RPC message per line on its stdin and
 * stdout. Written here instead of using the SDK's {@code StdioClientTransport}, which hands the child the
 * whole environment of this server and keeps its process to itself, so that neither its process tree can
 * be killed nor its death noticed (a call would then wait for the request timeout). This one runs the child
 * in its own process group with only its configured environment plus PATH, HOME and LANG, reports its exit
 * at once ({@link #exited()}), keeps the last lines of its stderr for the log, and kills its whole tree.
 */
final class StdioTransport implements McpClientTransport {

    private static final System.Logger LOG = System.getLogger(StdioTransport.class.getName());

    /** Taken from this server's environment; nothing else of it reaches the child. */
    static final List<String> INHERITED = List.of("PATH", "HOME", "LANG");
    /** A longer line is a broken server (a 5 MiB image is about 7 MB of base64). */
    static final int MAX_LINE_CHARS = 32 * 1024 * 1024;
    private static final int STDERR_TAIL_LINES = 20;
    private static final int STDERR_LINE_CHARS = 500;

    private final String server;
    private final Process process;
    private final McpJsonMapper mapper;
    private final ExecutorService writer;
    private final Scheduler writes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private final CountDownLatch stderrDone = new CountDownLatch(1);
    private final CompletableFuture<String> exited = new CompletableFuture<>();
    private volatile boolean stopping;

    private StdioTransport(String server, Process process, McpJsonMapper mapper) {
        this.server = server;
        this.process = process;
        this.mapper = mapper;
        this.writer = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("mcp-" + server + "-stdin").factory());
        this.writes = Schedulers.fromExecutorService(writer);
    }

    /** Starts the child process; throws when it cannot be started (e.g. the command does not exist). */
    static StdioTransport start(McpServerConfig config, McpJsonMapper mapper) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(ProcessTrees.inOwnGroup(config.commandLine()));
        builder.environment().clear();
        builder.environment().putAll(environment(config.env(), System.getenv()));
        config.cwd().ifPresent(dir -> builder.directory(dir.toFile()));
        StdioTransport transport = new StdioTransport(config.name(), builder.start(), mapper);
        Thread.ofVirtual().name("mcp-" + config.name() + "-stderr").start(transport::readStderr);
        transport.process.onExit().thenRun(() -> Thread.ofVirtual().start(
                () -> transport.ended("exited with code " + transport.process.exitValue())));
        return transport;
    }

    /** The child's environment: PATH, HOME and LANG of this server's, then the configured variables. */
    static Map<String, String> environment(Map<String, String> configured, Map<String, String> own) {
        Map<String, String> env = new HashMap<>();
        INHERITED.forEach(name -> {
            if (own.get(name) != null) {
                env.put(name, own.get(name));
            }
        });
        env.putAll(configured);
        return env;
    }

    /** Completes with why the server is gone (its exit, or its output closing), once. */
    CompletableFuture<String> exited() {
        return exited;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public Mono<Void> connect(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
        return Mono.fromRunnable(() -> Thread.ofVirtual().name("mcp-" + server + "-stdout").start(() -> readStdout(handler)));
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
        // On a thread of its own: a child that stops reading its stdin must not block the caller (a turn).
        return Mono.<Void>fromRunnable(() -> write(message)).subscribeOn(writes);
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.fromRunnable(this::stop);
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
        return mapper.convertValue(data, typeRef);
    }

    /**
     * Closes the child's stdin (the MCP way to ask a stdio server to exit), gives it half a second, then kills
     * its process group and tree either way, so that nothing it started outlives it.
     */
    void stop() {
        stopping = true;
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // already gone
        }
        try {
            process.waitFor(500, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ProcessTrees.killTree(process);
        writer.shutdownNow();
        ended("stopped");
    }

    /** The last lines the child wrote to stderr, for the log when it fails. */
    String stderrTail() {
        lock.lock();
        try {
            return String.join("\n", stderrTail);
        } finally {
            lock.unlock();
        }
    }

    private void write(McpSchema.JSONRPCMessage message) {
        String json;
        try {
            json = mapper.writeValueAsString(message); // compact: a newline inside a string is written as \n
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write an MCP message as JSON", e);
        }
        try {
            OutputStream stdin = process.getOutputStream();
            stdin.write((json + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            throw new IllegalStateException("MCP server " + server + " is not running (" + e.getMessage() + ")", e);
        }
    }

    private void readStdout(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
        try (Reader out = new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)) {
            LineReader lines = new LineReader(out, MAX_LINE_CHARS);
            for (String line = lines.next(); line != null; line = lines.next()) {
                if (line.isBlank()) {
                    continue;
                }
                McpSchema.JSONRPCMessage message;
                try {
                    message = McpSchema.deserializeJsonRpcMessage(mapper, line);
                } catch (IOException | IllegalArgumentException e) {
                    LOG.log(Level.WARNING, "MCP server " + server + " wrote a line that is not a JSON-RPC message: "
                            + abbreviate(line));
                    continue;
                }
                handler.apply(Mono.just(message)).subscribe(null, error -> LOG.log(Level.WARNING,
                        "MCP server " + server + ": a message could not be handled", error));
            }
            ended(exitedWithin(500) ? "exited with code " + process.exitValue() : "closed its output");
        } catch (IOException e) {
            ended(stopping ? "stopped" : "output could not be read: " + e.getMessage());
        }
    }

    private void readStderr() {
        try (Reader err = new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)) {
            LineReader lines = new LineReader(err, Integer.MAX_VALUE);
            for (String line = lines.next(); line != null; line = lines.next()) {
                String kept = abbreviate(line);
                LOG.log(Level.DEBUG, () -> "MCP server " + server + " stderr: " + kept);
                lock.lock();
                try {
                    stderrTail.addLast(kept);
                    if (stderrTail.size() > STDERR_TAIL_LINES) {
                        stderrTail.removeFirst();
                    }
                } finally {
                    lock.unlock();
                }
            }
        } catch (IOException e) {
            // the process is gone
        } finally {
            stderrDone.countDown();
        }
    }

    private void ended(String why) {
        if (exited.isDone()) {
            return;
        }
        try {
            stderrDone.await(200, TimeUnit.MILLISECONDS); // so that the reason carries its last words
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String tail = stderrTail();
        exited.complete(tail.isEmpty() || stopping ? why : why + "; stderr:\n" + tail);
    }

    private boolean exitedWithin(long millis) {
        try {
            return process.waitFor(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String abbreviate(String line) {
        return line.length() <= STDERR_LINE_CHARS ? line : line.substring(0, STDERR_LINE_CHARS) + "…";
    }

    /** Lines of at most {@code max} characters, read in blocks (a line may be megabytes of base64). */
    private static final class LineReader {

        private final Reader in;
        private final int max;
        private final char[] buffer = new char[8192];
        private int start;
        private int end;
        private boolean eof;

        LineReader(Reader in, int max) {
            this.in = in;
            this.max = max;
        }

        /** The next line without its terminator, or null at the end; throws when a line is longer than max. */
        String next() throws IOException {
            StringBuilder line = null;
            while (true) {
                for (int i = start; i < end; i++) {
                    if (buffer[i] == '\n') {
                        String piece = new String(buffer, start, i - start);
                        start = i + 1;
                        String text = line == null ? piece : line.append(piece).toString();
                        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
                    }
                }
                if (end > start) {
                    line = (line == null ? new StringBuilder() : line).append(buffer, start, end - start);
                    if (line.length() > max) {
                        throw new IOException("a line longer than " + max + " characters");
                    }
                }
                start = 0;
                end = 0;
                if (eof) {
                    return line == null || line.isEmpty() ? null : line.toString();
                }
                int read = in.read(buffer);
                if (read < 0) {
                    eof = true;
                } else {
                    end = read;
                }
            }
        }
    }
}
