package agentchat.logging;

import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.matchesPattern;

/** The log line of logging.properties' format, with the logger's name where the source class would be. */
class LineFormatterTest {

    private static LogRecord record(Level level, String message) {
        LogRecord record = new LogRecord(level, message);
        record.setLoggerName("agentchat.access");
        record.setInstant(Instant.parse("2026-11-29T12:34:56.789Z"));
        return record;
    }

    @Test
    void aLineHasTheTimeTheLevelTheLoggerAndTheMessage() {
        String line = new LineFormatter().format(record(Level.INFO, "GET /health 200 1ms"));
        // the test JVM's logging.properties is the project's: "yyyy.MM.dd HH:mm:ss.SSS LEVEL logger: message"
        assertThat(line, matchesPattern("\\d{4}\\.\\d{2}\\.\\d{2} \\d{2}:\\d{2}:\\d{2}\\.789 INFO agentchat\\.access: "
                + "GET /health 200 1ms\\R"));
    }

    @Test
    void aThrownIsPrintedWithItsStackTrace() {
        LogRecord record = record(Level.WARNING, "Could not store");
        record.setThrown(new IllegalStateException("disk full"));
        String line = new LineFormatter().format(record);
        assertThat(line, containsString("WARNING agentchat.access: Could not store"));
        assertThat(line, containsString("java.lang.IllegalStateException: disk full"));
        assertThat(line, containsString("at agentchat.logging.LineFormatterTest"));
        assertThat(line, endsWith(System.lineSeparator()));
    }
}
