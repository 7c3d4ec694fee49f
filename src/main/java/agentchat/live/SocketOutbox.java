package agentchat.live;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.helidon.websocket.WsSession;

/**
 * The events waiting to be written to one socket, written by a virtual thread of the socket's own
 * so that a slow client never slows the generation or other sockets. That writer runs only while
 * there is something to write: an idle socket holds no thread (10,000 idle sockets are 10,000
 * parked threads fewer, ~4 KiB of heap each). The outbox exists before the socket does: it is
 * subscribed while the upgrade is accepted (before the 101 goes out) and collects events until
 * {@link #open} hands it the session, so nothing published after the 101 is missed. A socket more
 * than {@code maxBacklog} characters behind loses its backlog and is closed with 1008 (it can
 * reconnect and catch up). A single event larger than the limit (the message_complete of a long
 * answer, a user_message_stored with a large image) does not count toward it, or it would close
 * every socket of the chat however fast they read; more than {@value #MAX_OVERSIZED} of them unsent
 * is too far behind as well.
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
    private final String name;
    private final ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong oversized = new AtomicLong();
    /** True while a writer runs (or is about to): at most one at a time, so events go out in order. */
    private final AtomicBoolean writing = new AtomicBoolean();
    private final CountDownLatch openedSignal = new CountDownLatch(1);
    /** Counted down once nothing more will be written: the close frame went out, or the outbox gave up. */
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Runnable onAbandoned;
    private final Duration closeTimeout;
    private volatile WsSession session;
    private volatile Thread writer;
    private volatile boolean closing;
    private volatile boolean stopped;
    private volatile int closeCode = 1000;
    private volatile String closeReason = "";

    /** @param onAbandoned runs when the socket never opens (within {@link #OPEN_TIMEOUT}): unsubscribe */
    SocketOutbox(long maxBacklog, String name, Runnable onAbandoned) {
        this(maxBacklog, name, onAbandoned, OPEN_TIMEOUT, CLOSE_TIMEOUT);
    }

    SocketOutbox(long maxBacklog, String name, Runnable onAbandoned, Duration openTimeout, Duration closeTimeout) {
        this.maxBacklog = maxBacklog;
        this.name = name;
        this.onAbandoned = onAbandoned;
        this.closeTimeout = closeTimeout;
        Thread.ofVirtual().name("ws-open-watchdog-" + name).start(() -> abandonUnlessOpened(openTimeout));
    }

    private void abandonUnlessOpened(Duration openTimeout) {
        try {
            if (!openedSignal.await(openTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                closing = true;
                stopped = true;
                finished.countDown();
                onAbandoned.run();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The socket is open: start writing what has been collected, then everything after it. */
    void open(WsSession session) {
        this.session = session;
        openedSignal.countDown();
        startWriting();
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
        startWriting();
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
        startWriting();
        Thread.ofVirtual().name("ws-close-watchdog").start(this::terminateIfStuck);
    }

    /** Starts a writer unless one runs or the socket is not open yet (then {@link #open} starts it). */
    private void startWriting() {
        if (session != null && !stopped && !queue.isEmpty() && writing.compareAndSet(false, true)) {
            Thread.ofVirtual().name("ws-writer-" + name).start(this::drain);
        }
    }

    /** Writes until the queue is empty, then ends (a later event starts a new writer). */
    private void drain() {
        writer = Thread.currentThread();
        try {
            while (true) {
                String event;
                while ((event = queue.poll()) != null) {
                    if (stopped) {
                        return;
                    }
                    if (event == CLOSE) {
                        session.close(closeCode, closeReason);
                        stopped = true;
                        finished.countDown();
                        return;
                    }
                    session.send(event, true);
                    if (isOversized(event)) {
                        oversized.decrementAndGet();
                    } else {
                        backlog.addAndGet(-event.length());
                    }
                }
                writing.set(false);
                // an event queued after the poll above and before the flag was cleared found a writer running
                if (queue.isEmpty() || !writing.compareAndSet(false, true)) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "Socket write failed; dropping its outbox", e);
            closing = true;
            stopped = true;
            finished.countDown();
        } finally {
            writer = null;
        }
    }

    /** A client that stopped reading blocks the writer in a send forever: drop its connection. */
    private void terminateIfStuck() {
        try {
            WsSession open = session;
            if (!finished.await(closeTimeout.toMillis(), TimeUnit.MILLISECONDS) && open != null) {
                LOG.log(Level.DEBUG, "Socket did not take its close frame in " + closeTimeout + "; terminating it");
                stopped = true;
                Thread blocked = writer;
                open.terminate();
                if (blocked != null) {
                    blocked.interrupt();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "Could not terminate a stuck socket", e);
        }
    }

    /** Waits until the close frame has been written (or the outbox gave up), at most until {@code deadlineNanos}. */
    @Override
    public void awaitClosed(long deadlineNanos) throws InterruptedException {
        finished.await(Math.max(1, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    /** The socket is gone (closed by the client or failed): stop writing. */
    void stop() {
        closing = true;
        stopped = true;
        openedSignal.countDown();
        finished.countDown();
        Thread blocked = writer;
        if (blocked != null) {
            blocked.interrupt();
        }
    }

    private boolean isOversized(String event) {
        return event.length() > maxBacklog;
    }
}
