package agentchat.logging;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;

/**
 * Writes log records to standard output from one writer thread, so that a request never waits
 * for the console. The JDK's and Helidon's console handlers write under a lock: with an access-log
 * line per request, most busy request threads were found queued on it (p99 ~1 s under 50
 * connections, see bench/README.md). Records wait in a bounded queue; when it is full, INFO and
 * below are dropped and counted (the count is written as soon as the writer catches up), while
 * warnings and errors wait for room.
 */
public final class AsyncConsoleHandler extends Handler {

    static final int CAPACITY = 8192;
    private static final int BATCH = 256;
    private static final long GATHER_MS = 5;

    private final BlockingQueue<LogRecord> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong unreported = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final PrintStream out;
    private final Thread writer;
    private volatile boolean closed;

    /** Used by java.util.logging (logging.properties); writes to the standard output of the start. */
    public AsyncConsoleHandler() {
        this(System.out, CAPACITY);
        String level = LogManager.getLogManager().getProperty(AsyncConsoleHandler.class.getName() + ".level");
        if (level != null) {
            setLevel(Level.parse(level.trim()));
        }
    }

    AsyncConsoleHandler(OutputStream out, int capacity) {
        this.out = out instanceof PrintStream print ? print : new PrintStream(out, false, StandardCharsets.UTF_8);
        this.queue = new ArrayBlockingQueue<>(capacity);
        setFormatter(new LineFormatter());
        this.writer = Thread.ofPlatform().daemon().name("log-writer").start(this::writeLoop);
    }

    @Override
    public void publish(LogRecord record) {
        if (closed || !isLoggable(record)) {
            return;
        }
        if (queue.offer(record)) {
            accepted.incrementAndGet();
            return;
        }
        if (record.getLevel().intValue() < Level.WARNING.intValue()) {
            dropped.incrementAndGet();
            unreported.incrementAndGet();
            return;
        }
        try {
            queue.put(record);
            accepted.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Lines dropped because the queue was full, since start. */
    public long dropped() {
        return dropped.get();
    }

    private void writeLoop() {
        List<LogRecord> batch = new ArrayList<>(BATCH);
        StringBuilder text = new StringBuilder();
        while (true) {
            try {
                LogRecord first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closed) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                for (LogRecord record : batch) {
                    text.append(format(record));
                }
                long lost = unreported.getAndSet(0);
                if (lost > 0) {
                    text.append(lost).append(" log line(s) dropped: logging could not keep up").append(System.lineSeparator());
                }
                out.print(text);
                out.flush();
                written.addAndGet(batch.size());
                if (batch.size() < BATCH && !closed) {
                    // let the next lines gather: one wake-up per few milliseconds instead of one per line
                    // (under the REST mix the per-line wake-ups were ~6 % of the server's CPU)
                    Thread.sleep(GATHER_MS);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                reportError("Could not write a log record", e, java.util.logging.ErrorManager.WRITE_FAILURE);
            } finally {
                batch.clear();
                text.setLength(0);
            }
        }
    }

    private String format(LogRecord record) {
        try {
            return getFormatter().format(record);
        } catch (RuntimeException e) {
            return record.getLevel() + " " + record.getMessage() + System.lineSeparator();
        }
    }

    /** Waits (up to 2 s) until every record accepted so far has been written. */
    @Override
    public void flush() {
        long target = accepted.get();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        try {
            while (written.get() < target && writer.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        flush();
        closed = true;
    }
}
