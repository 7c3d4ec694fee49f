package agentchat.http;

import java.sql.SQLTransientConnectionException;
import java.sql.SQLNonTransientConnectionException;

/** The database could not be reached; clients get 503 and may retry. */
public class DatabaseUnavailableException extends RuntimeException {

    public DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /** True when a connection failure lies anywhere in the cause chain. */
    public static boolean isCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DatabaseUnavailableException
                    || t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
        }
        return false;
    }
}
