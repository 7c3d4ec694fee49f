package agentchat.agent;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The cancellable state of one turn: what it is currently blocked on, so that {@link #cancel()} can
 * unblock it at once. The turn's thread is interrupted only while a tool runs (the tool contract
 * asks for it); elsewhere closing the stream or cancelling the pending response is enough, and
 * leaves the caller's thread, which also runs the callbacks, uninterrupted.
 */
final class RunningTurn {

    private final ReentrantLock lock = new ReentrantLock();
    private final CountDownLatch cancelledSignal = new CountDownLatch(1);
    private final Thread thread;
    private boolean cancelled;
    private boolean ended;
    private boolean inTool;
    private Future<?> pendingResponse;
    private Closeable openStream;

    RunningTurn(Thread thread) {
        this.thread = thread;
    }

    void cancel() {
        lock.lock();
        try {
            if (cancelled || ended) {
                return;
            }
            cancelled = true;
            cancelledSignal.countDown();
            if (pendingResponse != null) {
                pendingResponse.cancel(true);
            }
            closeQuietly(openStream);
            if (inTool) {
                thread.interrupt();
            }
        } finally {
            lock.unlock();
        }
    }

    boolean cancelled() {
        lock.lock();
        try {
            return cancelled;
        } finally {
            lock.unlock();
        }
    }

    void throwIfCancelled() {
        if (cancelled()) {
            throw new TurnCancelledException();
        }
    }

    /** Waits for the response headers; cancel() ends the wait. */
    <T> T await(Future<T> response) throws ExecutionException {
        lock.lock();
        try {
            if (cancelled) {
                response.cancel(true);
                throw new TurnCancelledException();
            }
            pendingResponse = response;
        } finally {
            lock.unlock();
        }
        try {
            return response.get();
        } catch (CancellationException e) {
            throw new TurnCancelledException();
        } catch (InterruptedException e) {
            response.cancel(true);
            Thread.currentThread().interrupt();
            throw new TurnCancelledException();
        } finally {
            lock.lock();
            pendingResponse = null;
            lock.unlock();
        }
    }

    /** Registers the response body being read, so that cancel() can close it; closes it at once if already cancelled. */
    void reading(Closeable stream) {
        lock.lock();
        try {
            if (cancelled) {
                closeQuietly(stream);
                throw new TurnCancelledException();
            }
            openStream = stream;
        } finally {
            lock.unlock();
        }
    }

    void doneReading() {
        lock.lock();
        try {
            openStream = null;
        } finally {
            lock.unlock();
        }
    }

    /** Sleeps for a retry backoff; returns early, by throwing, when cancelled. */
    void sleep(Duration delay) {
        try {
            if (cancelledSignal.await(delay.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new TurnCancelledException();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TurnCancelledException();
        }
    }

    /** Runs a tool, during which cancel() interrupts this thread. */
    <T> T runTool(InterruptibleCall<T> tool) {
        lock.lock();
        try {
            if (cancelled) {
                throw new TurnCancelledException();
            }
            inTool = true;
        } finally {
            lock.unlock();
        }
        try {
            return tool.call();
        } catch (InterruptedException e) {
            throw new TurnCancelledException();
        } finally {
            lock.lock();
            try {
                inTool = false;
                if (cancelled) {
                    // the interrupt was ours: do not leak it into the caller's callbacks
                    Thread.interrupted();
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /** After this, cancel() is a no-op, so no interrupt can land on the caller's thread later. */
    void end() {
        lock.lock();
        try {
            ended = true;
            openStream = null;
            pendingResponse = null;
        } finally {
            lock.unlock();
        }
    }

    private static void closeQuietly(Closeable stream) {
        if (stream == null) {
            return;
        }
        try {
            stream.close();
        } catch (IOException | RuntimeException ignored) {
            // closing is how we abort; a failure to close changes nothing
        }
    }

    @FunctionalInterface
    interface InterruptibleCall<T> {
        T call() throws InterruptedException;
    }
}
