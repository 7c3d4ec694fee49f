package agentchat.live;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import io.helidon.websocket.WsSession;

/**
 * The events waiting to be written to one socket, written by the socket's own virtual thread so
 * that a slow client never slows the generation or other sockets. The outbox exists before the
 * socket does: it is subscribed while the upgrade is accepted (before the 101 goes out) and
 * collects events until {@link #open} hands it the session, so nothing published after the 101
 * is missed. A socket more than {@code maxBacklog} characters behind loses its backlog and is
 * closed with 1008 (it can reconnect and catch up). A single event larger than the limit (the
 * message_complete of a long answer, a user_message_stored with a large image) does not count
 * toward it, or it would close every socket of the chat however fast they read; more than
 * {@value #MAX_OVERSIZED} of them unsent is too far behind as well.
 */
final class SocketOutbox implements ChatBus.Subscriber {

    private static final System.Logger LOG = System.getLogger(SocketOutbox.class.getName());
    private static final String CLOSE = new String("close");
    static final int MAX_OVERSIZED = 2;
    /** How long a close may wait behind a send blocked by a client that stopped reading. */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    /** An accepted upgrade whose socket never opens (the 101 could not be written) gives up after this. */
    static final Duration OPEN_TIMEOUT = Duration.ofSeconds(30);

    private final long maxBacklog;
    private final LinkedBlockingDeque<String> queue = new LinkedBlockingDeque<>();
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong oversized = new AtomicLong();
    private final CompletableFuture<WsSession> opened = new CompletableFuture<>();
    private final Runnable onAbandoned;
    private final Thread writer;
    private final Duration openTimeout;
    private final Duration closeTimeout;
    private volatile boolean closing;
    private volatile int closeCode = 1000;
    private volatile String closeReason = "";

    /** @param onAbandoned runs when the socket never opens (within {@link #OPEN_TIMEOUT}): unsubscribe */
    SocketOutbox(long maxBacklog, String name, Runnable onAbandoned) {
        this(maxBacklog, name, onAbandoned, OPEN_TIMEOUT, CLOSE_TIMEOUT);
    }

    SocketOutbox(long maxBacklog, String name, Runnable onAbandoned, Duration openTimeout, Duration closeTimeout) {
        this.maxBacklog = maxBacklog;
        this.onAbandoned = onAbandoned;
        this.openTimeout = openTimeout;
        this.closeTimeout = closeTimeout;
        this.writer = Thread.ofVirtual().name("ws-writer-" + name).start(this::writeLoop);
    }

    /** The socket is open: start writing what has been collected, then everything after it. */
    void open(WsSession session) {
        opened.complete(session);
    }

    @Override
    public void deliver(String event) {
        if (closing) {
            return;
        }
        boolean behind = isOversized(event)
                ? oversized.incrementAndGet() > MAX_OVERSIZED
                : backlog.addAndGet(event.length()) > maxBacklog;
        if (behind) {
            queue.clear();
            close(1008, "Too far behind; reconnect to catch up");
            return;
        }
        queue.add(event);
    }

    @Override
    public void close(int code, String reason) {
        if (closing) {
            return;
        }
        closeCode = code;
        closeReason = reason;
        closing = true;
        queue.add(CLOSE);
        Thread.ofVirtual().name("ws-close-watchdog").start(this::terminateIfStuck);
    }

    /** A client that stopped reading blocks the writer in a send forever: drop its connection. */
    private void terminateIfStuck() {
        try {
            writer.join(closeTimeout);
            WsSession session = opened.getNow(null);
            if (writer.isAlive() && session != null) {
                LOG.log(Level.DEBUG, "Socket did not take its close frame in " + closeTimeout + "; terminating it");
                session.terminate();
                writer.interrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "Could not terminate a stuck socket", e);
        }
    }

    /** Waits until the writer has written the close frame (or given up), at most until {@code deadlineNanos}. */
    @Override
    public void awaitClosed(long deadlineNanos) throws InterruptedException {
        writer.join(Duration.ofNanos(Math.max(1, deadlineNanos - System.nanoTime())));
    }

    /** The socket is gone (closed by the client or failed): stop writing. */
    void stop() {
        closing = true;
        writer.interrupt();
    }

    private boolean isOversized(String event) {
        return event.length() > maxBacklog;
    }

    private void writeLoop() {
        WsSession session;
        try {
            session = opened.get(openTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            closing = true;
            onAbandoned.run();
            return;
        } catch (InterruptedException e) {
            return;
        }
        try {
            while (true) {
                // take(), not a timed poll: a timed wait schedules a timer for every event a socket waits for
                String event = queue.take();
                if (event == CLOSE) {
                    session.close(closeCode, closeReason);
                    return;
                }
                session.send(event, true);
                if (isOversized(event)) {
                    oversized.decrementAndGet();
                } else {
                    backlog.addAndGet(-event.length());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "Socket write failed; dropping its outbox", e);
            closing = true;
        }
    }
}
