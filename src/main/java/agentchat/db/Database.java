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
    private final DbClient client;
    private final boolean mariaDb;

    private Database(HikariDataSource pool, DbClient client, boolean mariaDb) {
        this.pool = pool;
        this.client = client;
        this.mariaDb = mariaDb;
    }

    public static Database open(DbSettings settings, Config statements) {
        HikariDataSource pool = new HikariDataSource(hikari(settings));
        boolean mariaDb;
        try {
            Flyway.configure()
                    .dataSource(pool)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            mariaDb = isMariaDb(pool);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        JdbcConnectionPool connections = () -> {
            try {
                return pool.getConnection();
            } catch (SQLException e) {
                throw new DatabaseUnavailableException("No database connection", e);
            }
        };
        DbClient client = JdbcClientBuilder.create()
                .connectionPool(connections)
                .statements(DbStatements.create(statements))
                .build();
        LOG.log(Level.INFO, "Database ready: " + settings.redactedUrl());
        return new Database(pool, client, mariaDb);
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
        try (Connection connection = pool.getConnection()) {
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
