package agentchat.live;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.socket.SocketContext;
import io.helidon.websocket.WsSession;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

/** The per-socket queue: order, the backlog limit, and closing, with a session whose writes can be held up. */
class SocketOutboxTest {

    private static final int LIMIT = 100;

    /** A session that records what is written; while {@link #hold} is up, writes block like a full TCP buffer. */
    private static final class FakeSession implements WsSession {
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
    }

    private static void awaitSent(FakeSession session, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (session.sent.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    @Test
    void eventsAreWrittenInOrder() throws InterruptedException {
        FakeSession session = new FakeSession();
        SocketOutbox outbox = new SocketOutbox(session, LIMIT, "test");
        outbox.deliver("a");
        outbox.deliver("b");
        outbox.deliver("c");
        awaitSent(session, 3);
        assertThat(session.sent, contains("a", "b", "c"));
        outbox.stop();
    }

    @Test
    void aSingleEventLargerThanTheLimitReachesAClientThatKeepsUp() throws InterruptedException {
        FakeSession session = new FakeSession();
        SocketOutbox outbox = new SocketOutbox(session, LIMIT, "test");
        String big = "x".repeat(LIMIT * 10);
        outbox.deliver(big);
        awaitSent(session, 1);
        outbox.deliver("after");
        awaitSent(session, 2);
        assertThat(session.sent, contains(big, "after"));
        assertThat(session.closed.getCount(), is(1L));
        outbox.stop();
    }

    @Test
    void aClientThatFallsBehindLosesItsBacklogAndIsClosedWith1008() throws InterruptedException {
        FakeSession session = new FakeSession();
        session.hold = new CountDownLatch(1);
        SocketOutbox outbox = new SocketOutbox(session, LIMIT, "test");
        outbox.deliver("first");
        assertThat(session.firstSendStarted.await(5, TimeUnit.SECONDS), is(true));
        for (int i = 0; i < 30; i++) {
            outbox.deliver("event-" + i);
        }
        session.hold.countDown();
        assertThat(session.closed.await(5, TimeUnit.SECONDS), is(true));
        assertThat(session.closeCode, is(1008));
        assertThat(session.sent, contains("first"));
    }

    @Test
    void aClientThatNeverTakesItsCloseFrameIsTerminated() throws InterruptedException {
        FakeSession session = new FakeSession();
        session.hold = new CountDownLatch(1);
        SocketOutbox outbox = new SocketOutbox(session, LIMIT, "test", java.time.Duration.ofMillis(200));
        outbox.deliver("first");
        session.firstSendStarted.await(5, TimeUnit.SECONDS);
        outbox.deliver("x".repeat(LIMIT));
        assertThat(session.terminated.await(5, TimeUnit.SECONDS), is(true));
        assertThat(session.closed.getCount(), is(1L));
    }

    @Test
    void nothingIsQueuedAfterTheOverflow() throws InterruptedException {
        FakeSession session = new FakeSession();
        session.hold = new CountDownLatch(1);
        SocketOutbox outbox = new SocketOutbox(session, LIMIT, "test");
        outbox.deliver("first");
        session.firstSendStarted.await(5, TimeUnit.SECONDS);
        outbox.deliver("y".repeat(LIMIT - 10));
        outbox.deliver("overflow");
        outbox.deliver("late");
        session.hold.countDown();
        session.closed.await(5, TimeUnit.SECONDS);
        assertThat(session.sent, contains("first"));
    }

    @Test
    void aStalledClientIsClosedAfterAFewOversizedEventsToo() throws InterruptedException {
        FakeSession session = new FakeSession();
        session.hold = new CountDownLatch(1);
        SocketOutbox outbox = new SocketOutbox(session, LIMIT, "test");
        outbox.deliver("first");
        session.firstSendStarted.await(5, TimeUnit.SECONDS);
        for (int i = 0; i <= SocketOutbox.MAX_OVERSIZED; i++) {
            outbox.deliver("z".repeat(LIMIT * 10));
        }
        session.hold.countDown();
        assertThat(session.closed.await(5, TimeUnit.SECONDS), is(true));
        assertThat(session.closeCode, is(1008));
        assertThat(session.sent, contains("first"));
    }

    @Test
    void aRequestedCloseComesAfterThePendingEvents() throws InterruptedException {
        FakeSession session = new FakeSession();
        SocketOutbox outbox = new SocketOutbox(session, LIMIT, "test");
        outbox.deliver("a");
        outbox.deliver("b");
        outbox.close(1001, "Server shutting down");
        outbox.deliver("ignored");
        assertThat(session.closed.await(5, TimeUnit.SECONDS), is(true));
        assertThat(session.closeCode, is(1001));
        assertThat(session.sent, contains("a", "b"));
    }

    @Test
    void aStoppedOutboxWritesNothingMore() throws InterruptedException {
        FakeSession session = new FakeSession();
        SocketOutbox outbox = new SocketOutbox(session, LIMIT, "test");
        outbox.stop();
        outbox.deliver("after stop");
        Thread.sleep(100);
        assertThat(session.sent, is(empty()));
    }
}
