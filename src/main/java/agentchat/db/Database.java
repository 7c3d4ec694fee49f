package agentchat.db;

import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Function;

import agentchat.http.DatabaseUnavailableException;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.helidon.config.Config;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbExecute;
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

    private final HikariDataSource pool;
    private final FairConnections fair;
    private final DbClient client;
    private final String openedIn;

    private Database(HikariDataSource pool, FairConnections fair, DbClient client, String openedIn) {
        this.pool = pool;
        this.fair = fair;
        this.client = client;
        this.openedIn = openedIn;
    }

    public static Database open(DbSettings settings, Config statements) {
        long start = System.nanoTime();
        HikariDataSource pool = new HikariDataSource(hikari(settings));
        long poolReady = System.nanoTime();
        boolean current;
        try {
            current = Migrations.applied(pool);
            if (!current) {
                Flyway.configure()
                        .dataSource(pool)
                        .locations("classpath:db/migration")
                        .load()
                        .migrate();
            }
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
        return new Database(pool, fair, client, "pool " + (poolReady - start) / 1_000_000 + " ms, "
                + (current ? "schema current " : "migrations ") + (migrated - poolReady) / 1_000_000 + " ms, statements "
                + (end - migrated) / 1_000_000 + " ms");
    }

    /** How long opening took, by phase (for the start-up log line). */
    public String openedIn() {
        return openedIn;
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
