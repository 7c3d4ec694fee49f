package agentchat.agent;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Closes a response body that stays silent longer than the idle timeout. The JDK HttpClient's
 * request timeout covers only the wait for headers, so without this a stalled stream would block
 * a turn forever.
 */
final class IdleWatchdog implements AutoCloseable {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("agent-idle-watchdog").factory());

    /** Starts watching {@code body}; read through the returned stream so that reads count as activity. */
    Watch watch(InputStream body, Duration idleTimeout) {
        Watch watch = new Watch(body, idleTimeout.toNanos());
        long period = Math.clamp(idleTimeout.toMillis() / 4, 5, 1000);
        watch.task = scheduler.scheduleAtFixedRate(watch::check, period, period, TimeUnit.MILLISECONDS);
        return watch;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    static final class Watch extends FilterInputStream {
        private final long idleNanos;
        private final AtomicBoolean timedOut = new AtomicBoolean();
        private volatile long lastActivity = System.nanoTime();
        private ScheduledFuture<?> task;

        private Watch(InputStream in, long idleNanos) {
            super(in);
            this.idleNanos = idleNanos;
        }

        boolean timedOut() {
            return timedOut.get();
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            lastActivity = System.nanoTime();
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            lastActivity = System.nanoTime();
            return n;
        }

        @Override
        public void close() throws IOException {
            if (task != null) {
                task.cancel(false);
            }
            super.close();
        }

        private void check() {
            if (System.nanoTime() - lastActivity > idleNanos && timedOut.compareAndSet(false, true)) {
                try {
                    close();
                } catch (IOException ignored) {
                    // the reader sees the stream end either way
                }
            }
        }
    }
}
