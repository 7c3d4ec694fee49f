package agentchat.db;

import java.sql.Connection;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Connections are handed out first come, first served, at most pool-size at a time. */
class FairConnectionsTest {

    private static JdbcDataSource database() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:fair-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        return h2;
    }

    @Test
    void waitingRequestsGetTheConnectionInTheOrderTheyAskedForIt() throws Exception {
        FairConnections connections = new FairConnections(database(), 1, 5000);
        List<String> served = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(3);
        Connection held = connections.get();
        for (String name : List.of("first", "second", "third")) {
            Thread.ofVirtual().start(() -> {
                try (Connection connection = connections.get()) {
                    served.add(name);
                    Thread.sleep(20);
                } catch (Exception e) {
                    served.add(name + " failed: " + e);
                } finally {
                    done.countDown();
                }
            });
            Thread.sleep(100); // each is queued before the next asks
        }
        held.close();
        assertThat(done.await(10, TimeUnit.SECONDS), is(true));
        assertThat(served, contains("first", "second", "third"));
    }

    @Test
    void aRequestThatWaitsLongerThanTheTimeoutGetsAConnectionError() throws Exception {
        FairConnections connections = new FairConnections(database(), 1, 200);
        try (Connection held = connections.get()) {
            long start = System.nanoTime();
            assertThrows(SQLTransientConnectionException.class, connections::get);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) >= 150, is(true));
        }
        connections.get().close(); // and the connection returned by the holder is available again
    }

    @Test
    void closingAConnectionTwiceGivesUpItsTurnOnce() throws Exception {
        FairConnections connections = new FairConnections(database(), 1, 200);
        Connection connection = connections.get();
        connection.close();
        connection.close();
        try (Connection again = connections.get()) {
            assertThrows(SQLTransientConnectionException.class, connections::get);
        }
    }
}
