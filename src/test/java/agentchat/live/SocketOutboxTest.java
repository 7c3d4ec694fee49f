package agentchat.live;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

/** The per-socket queue: order, the backlog limit, and closing, with a session whose writes can be held up. */
class SocketOutboxTest {

    private static final int LIMIT = 100;

    private static void awaitSent(RecordingSession session, int count) throws InterruptedException {
        session.awaitSent(count);
    }

    private static SocketOutbox opened(RecordingSession session) {
        return opened(new SocketOutbox(LIMIT, "test", () -> { }), session);
    }

    private static SocketOutbox opened(SocketOutbox outbox, RecordingSession session) {
        outbox.open(session);
        return outbox;
    }

    @Test
    void eventsDeliveredBeforeTheSocketOpensAreWrittenFirstOnceItOpens() throws InterruptedException {
        RecordingSession session = new RecordingSession();
        SocketOutbox outbox = new SocketOutbox(LIMIT, "test", () -> { });
        outbox.deliver("before-1");
        outbox.deliver("before-2");
        Thread.sleep(50);
        assertThat(session.sent, is(empty()));
        outbox.open(session);
        outbox.deliver("after");
        awaitSent(session, 3);
        assertThat(session.sent, contains("before-1", "before-2", "after"));
        outbox.stop();
    }

    @Test
    void anOutboxWhoseSocketNeverOpensGivesUpAndUnsubscribes() throws InterruptedException {
        CountDownLatch abandoned = new CountDownLatch(1);
        SocketOutbox outbox = new SocketOutbox(LIMIT, "test", abandoned::countDown, Duration.ofMillis(100),
                SocketOutbox.CLOSE_TIMEOUT);
        outbox.deliver("never written");
        assertThat(abandoned.await(5, TimeUnit.SECONDS), is(true));
    }

    @Test
    void eventsAreWrittenInOrder() throws InterruptedException {
        RecordingSession session = new RecordingSession();
        SocketOutbox outbox = opened(session);
        outbox.deliver("a");
        outbox.deliver("b");
        outbox.deliver("c");
        awaitSent(session, 3);
        assertThat(session.sent, contains("a", "b", "c"));
        outbox.stop();
    }

    @Test
    void aSingleEventLargerThanTheLimitReachesAClientThatKeepsUp() throws InterruptedException {
        RecordingSession session = new RecordingSession();
        SocketOutbox outbox = opened(session);
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
        RecordingSession session = new RecordingSession();
        session.hold = new CountDownLatch(1);
        SocketOutbox outbox = opened(session);
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
        RecordingSession session = new RecordingSession();
        session.hold = new CountDownLatch(1);
        SocketOutbox outbox = opened(new SocketOutbox(LIMIT, "test", () -> { }, SocketOutbox.OPEN_TIMEOUT, Duration.ofMillis(200)), session);
        outbox.deliver("first");
        session.firstSendStarted.await(5, TimeUnit.SECONDS);
        outbox.deliver("x".repeat(LIMIT));
        assertThat(session.terminated.await(5, TimeUnit.SECONDS), is(true));
        assertThat(session.closed.getCount(), is(1L));
    }

    @Test
    void nothingIsQueuedAfterTheOverflow() throws InterruptedException {
        RecordingSession session = new RecordingSession();
        session.hold = new CountDownLatch(1);
        SocketOutbox outbox = opened(session);
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
        RecordingSession session = new RecordingSession();
        session.hold = new CountDownLatch(1);
        SocketOutbox outbox = opened(session);
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
        RecordingSession session = new RecordingSession();
        SocketOutbox outbox = opened(session);
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
        RecordingSession session = new RecordingSession();
        SocketOutbox outbox = opened(session);
        outbox.stop();
        outbox.deliver("after stop");
        Thread.sleep(100);
        assertThat(session.sent, is(empty()));
    }
}
