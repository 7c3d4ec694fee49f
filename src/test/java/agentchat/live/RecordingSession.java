package agentchat.live;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.socket.SocketContext;
import io.helidon.websocket.WsSession;

/**
 * Stands in for Helidon's session of an open socket: records what is written; while {@link #hold}
 * is up, writes block like a full TCP buffer.
 */
final class RecordingSession implements WsSession {
    final List<String> sent = new CopyOnWriteArrayList<>();
    final CountDownLatch closed = new CountDownLatch(1);
    volatile CountDownLatch hold = new CountDownLatch(0);
    volatile CountDownLatch firstSendStarted = new CountDownLatch(1);
    volatile int closeCode;
    final CountDownLatch terminated = new CountDownLatch(1);

    @Override
    public WsSession send(String text, boolean last) {
        firstSendStarted.countDown();
        try {
            hold.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        sent.add(text);
        return this;
    }

    @Override
    public WsSession send(BufferData bufferData, boolean last) {
        throw new UnsupportedOperationException();
    }

    @Override
    public WsSession ping(BufferData bufferData) {
        return this;
    }

    @Override
    public WsSession pong(BufferData bufferData) {
        return this;
    }

    @Override
    public WsSession close(int code, String reason) {
        closeCode = code;
        closed.countDown();
        return this;
    }

    @Override
    public WsSession terminate() {
        terminated.countDown();
        return this;
    }

    @Override
    public SocketContext socketContext() {
        throw new UnsupportedOperationException();
    }

    /** Waits (at most 5 s) until {@code count} events were written. */
    void awaitSent(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (sent.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }
}
