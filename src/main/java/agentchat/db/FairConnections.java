package agentchat.db;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

/**
 * Hands out the pool's connections first come, first served. HikariCP's hand-over to waiting threads
 * assumes few platform threads: a thread returning a connection while others wait spins (yield,
 * 10 µs parks) until a waiter takes it, and a newcomer may take it first. With one virtual thread
 * per request, dozens wait at once; thread dumps under 50 connections showed 12 request threads
 * parked in HikariCP's return path, and every database route had 1-2 s tails while requests that
 * needed no connection had none. Here at most pool-size threads borrow at a time, the rest wait in
 * a fair queue, so HikariCP never has a waiter.
 */
final class FairConnections {

    private final DataSource pool;
    private final Semaphore permits;
    private final long timeoutMs;

    FairConnections(DataSource pool, int size, long timeoutMs) {
        this.pool = pool;
        this.permits = new Semaphore(size, true);
        this.timeoutMs = timeoutMs;
    }

    /** A connection whose close() also gives its turn to the next in line; fails after the connection timeout. */
    Connection get() throws SQLException {
        try {
            if (!permits.tryAcquire(timeoutMs, TimeUnit.MILLISECONDS)) {
                throw new SQLTransientConnectionException("No database connection within " + timeoutMs + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLTransientConnectionException("Interrupted waiting for a database connection", e);
        }
        Connection connection;
        try {
            connection = pool.getConnection();
        } catch (SQLException | RuntimeException e) {
            permits.release();
            throw e;
        }
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                new ReleasingOnClose(connection));
    }

    private final class ReleasingOnClose implements InvocationHandler {
        private final Connection connection;
        private final AtomicBoolean released = new AtomicBoolean();

        ReleasingOnClose(Connection connection) {
            this.connection = connection;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getName().equals("close") && method.getParameterCount() == 0) {
                try {
                    connection.close();
                } finally {
                    if (released.compareAndSet(false, true)) {
                        permits.release();
                    }
                }
                return null;
            }
            try {
                return method.invoke(connection, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
