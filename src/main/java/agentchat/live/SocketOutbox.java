package agentchat.live;

import java.lang.System.Logger.Level;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.helidon.websocket.WsSession;

/**
 * The events waiting to be written to one socket, written by the socket's own virtual thread so
 * that a slow client never slows the generation or other sockets. A socket more than
 * {@code maxBacklog} characters behind loses its backlog and is closed with 1008 (it can reconnect
 * and catch up).
 */
final class SocketOutbox implements ChatBus.Subscriber {

    private static final System.Logger LOG = System.getLogger(SocketOutbox.class.getName());
    private static final String CLOSE = new String("close");

    private final WsSession session;
    private final long maxBacklog;
    private final LinkedBlockingDeque<String> queue = new LinkedBlockingDeque<>();
    private final AtomicLong backlog = new AtomicLong();
    private final Thread writer;
    private volatile boolean closing;
    private volatile int closeCode = 1000;
    private volatile String closeReason = "";
    private final CountDownLatch writerDone = new CountDownLatch(1);

    SocketOutbox(WsSession session, long maxBacklog, String name) {
        this.session = session;
        this.maxBacklog = maxBacklog;
        this.writer = Thread.ofVirtual().name("ws-writer-" + name).start(this::writeLoop);
    }

    @Override
    public void deliver(String event) {
        if (closing) {
            return;
        }
        if (backlog.addAndGet(event.length()) > maxBacklog) {
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
    }

    /** The socket is gone (closed by the client or failed): stop writing. */
    void stop() {
        closing = true;
        writer.interrupt();
    }

    @Override
    public void awaitClosed(long deadlineNanos) throws InterruptedException {
        writerDone.await(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    private void writeLoop() {
        try {
            while (true) {
                String event = queue.poll(30, TimeUnit.SECONDS);
                if (event == null) {
                    continue;
                }
                if (event == CLOSE) {
                    session.close(closeCode, closeReason);
                    return;
                }
                session.send(event, true);
                backlog.addAndGet(-event.length());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "Socket write failed; dropping its outbox", e);
            closing = true;
        } finally {
            writerDone.countDown();
        }
    }
}
