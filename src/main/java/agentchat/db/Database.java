package agentchat.db;

import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Stream;

import agentchat.http.DatabaseUnavailableException;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.helidon.config.Config;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;
import io.helidon.dbclient.DbStatements;
import io.helidon.dbclient.DbTransaction;
import io.helidon.dbclient.jdbc.JdbcClientBuilder;
import io.helidon.dbclient.jdbc.JdbcConnectionPool;
import org.flywaydb.core.Flyway;

/**
 * The database: a HikariCP pool, the schema migrated by Flyway at open, and a Helidon DbClient
 * running the named statements of {@code db.statements}.
 */
public final class Database implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Database.class.getName());
    private static final int BATCH = 500;

    private final HikariDataSource pool;
    private final FairConnections fair;
    private final DbClient client;
    private final boolean mariaDb;
    private final String openedIn;

    private Database(HikariDataSource pool, FairConnections fair, DbClient client, boolean mariaDb, String openedIn) {
        this.pool = pool;
        this.fair = fair;
        this.client = client;
        this.mariaDb = mariaDb;
        this.openedIn = openedIn;
    }

    public static Database open(DbSettings settings, Config statements) {
        long start = System.nanoTime();
        HikariDataSource pool = new HikariDataSource(hikari(settings));
        long poolReady = System.nanoTime();
        boolean current;
        boolean mariaDb;
        try {
            current = Migrations.applied(pool);
            if (!current) {
                Flyway.configure()
                        .dataSource(pool)
                        .locations("classpath:db/migration")
                        .load()
                        .migrate();
            }
            mariaDb = isMariaDb(pool);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        long migrated = System.nanoTime();
        FairConnections fair = new FairConnections(pool, settings.poolSize(), settings.connectionTimeoutMs());
        JdbcConnectionPool connections = () -> {
            try {
                return fair.get();
            } catch (SQLException e) {
                throw new DatabaseUnavailableException("No database connection", e);
            }
        };
        DbClient client = JdbcClientBuilder.create()
                .connectionPool(connections)
                .statements(DbStatements.create(statements))
                .build();
        LOG.log(Level.INFO, "Database ready: " + settings.redactedUrl());
        long end = System.nanoTime();
        return new Database(pool, fair, client, mariaDb, "pool " + (poolReady - start) / 1_000_000 + " ms, "
                + (current ? "schema current " : "migrations ") + (migrated - poolReady) / 1_000_000 + " ms, statements "
                + (end - migrated) / 1_000_000 + " ms");
    }

    /** How long opening took, by phase (for the start-up log line). */
    public String openedIn() {
        return openedIn;
    }

    private static boolean isMariaDb(HikariDataSource pool) {
        try (Connection connection = pool.getConnection()) {
            return connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("mariadb");
        } catch (SQLException e) {
            throw new DatabaseUnavailableException("No database connection", e);
        }
    }

    /** True on MariaDB, false on H2: the few statements that differ (FULLTEXT search) ask. */
    public boolean isMariaDb() {
        return mariaDb;
    }

    private static HikariConfig hikari(DbSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.poolSize());
        config.setConnectionTimeout(settings.connectionTimeoutMs());
        config.setValidationTimeout(Math.min(settings.connectionTimeoutMs(), 2000));
        config.setPoolName("agentchat-db");
        return config;
    }

    public DbExecute execute() {
        return client.execute();
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T inTransaction(Function<DbTransaction, T> work) {
        DbTransaction tx = client.transaction();
        T result;
        try {
            result = work.apply(tx);
        } catch (RuntimeException | Error e) {
            try {
                tx.rollback();
            } catch (RuntimeException rollbackFailure) {
                e.addSuppressed(rollbackFailure);
            }
            throw e;
        }
        tx.commit();
        return result;
    }

    /**
     * Runs {@code each} on every row of the named query {@code select}, which takes {@code :after}
     * (the last id seen) and {@code :limit} and orders by its {@code id} column; {@value #BATCH} rows
     * at a time, each batch in one transaction (a commit a row would take minutes on a big MariaDB
     * table). Returns how many rows there were.
     */
    public int inBatches(String select, BiConsumer<DbExecute, DbRow> each) {
        int done = 0;
        String after = "";
        while (true) {
            List<DbRow> batch;
            try (Stream<DbRow> rows = execute().createNamedQuery(select)
                    .addParam("after", after)
                    .addParam("limit", BATCH)
                    .execute()) {
                batch = rows.toList();
            }
            if (batch.isEmpty()) {
                return done;
            }
            inTransaction(tx -> {
                batch.forEach(row -> each.accept(tx, row));
                return null;
            });
            after = Rows.string(batch.getLast(), "id");
            done += batch.size();
        }
    }

    /** True when a connection can be had and answers a trivial query. */
    public boolean isHealthy() {
        try (Connection connection = fair.get()) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        client.close();
        pool.close();
    }
}
