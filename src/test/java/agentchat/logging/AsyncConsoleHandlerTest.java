package agentchat.logging;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

class AsyncConsoleHandlerTest {

    @Test
    void writesEveryRecordInOrder() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AsyncConsoleHandler handler = new AsyncConsoleHandler(out, 1000);
        for (int i = 0; i < 500; i++) {
            handler.publish(new LogRecord(Level.INFO, "line " + i));
        }
        handler.close();
        String text = out.toString(StandardCharsets.UTF_8);
        int last = -1;
        for (int i = 0; i < 500; i++) {
            int at = text.indexOf("line " + i + System.lineSeparator());
            assertThat("line " + i + " written after line " + (i - 1), at, greaterThan(last));
            last = at;
        }
    }

    @Test
    void aStuckConsoleDropsAndCountsInfoLinesInsteadOfBlockingTheCaller() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        OutputStream stuck = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                sink.write(b, off, len);
            }
        };
        AsyncConsoleHandler handler = new AsyncConsoleHandler(stuck, 10);
        for (int i = 0; i < 1000; i++) {
            handler.publish(new LogRecord(Level.INFO, "request " + i));
        }
        long dropped = handler.dropped();
        assertThat(dropped, greaterThan(900L));
        release.countDown();
        handler.publish(new LogRecord(Level.WARNING, "after the stall"));
        handler.close();
        String text = sink.toString(StandardCharsets.UTF_8);
        Matcher reports = Pattern.compile("(\\d+) log line\\(s\\) dropped: logging could not keep up").matcher(text);
        long reported = 0;
        while (reports.find()) {
            reported += Long.parseLong(reports.group(1));
        }
        assertThat("every dropped line is reported", reported, is(dropped));
        assertThat(text, containsString("after the stall"));
        assertThat(handler.dropped(), is(dropped));
    }

    @Test
    void warningsAreNeverDropped() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AsyncConsoleHandler handler = new AsyncConsoleHandler(out, 2);
        for (int i = 0; i < 200; i++) {
            handler.publish(new LogRecord(Level.WARNING, "warning " + i));
        }
        handler.close();
        String text = out.toString(StandardCharsets.UTF_8);
        for (int i = 0; i < 200; i++) {
            assertThat(text.contains("warning " + i + System.lineSeparator()), is(true));
        }
        assertThat(handler.dropped(), is(0L));
    }
}
