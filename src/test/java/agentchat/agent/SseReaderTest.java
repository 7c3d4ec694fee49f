package agentchat.agent;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

class SseReaderTest {

    private static List<SseEvent> readAll(String stream) throws IOException {
        List<SseEvent> events = new ArrayList<>();
        try (SseReader reader = new SseReader(new StringReader(stream))) {
            Optional<SseEvent> event;
            while ((event = reader.next()).isPresent()) {
                events.add(event.get());
            }
        }
        return events;
    }

    @Test
    void namedEventWithDataIsDispatchedOnBlankLine() throws IOException {
        assertThat(readAll("event: ping\ndata: {\"type\":\"ping\"}\n\n"),
                   contains(new SseEvent("ping", "{\"type\":\"ping\"}", null)));
    }

    @Test
    void eventWithoutNameIsCalledMessage() throws IOException {
        assertThat(readAll("data: [DONE]\n\n"), contains(new SseEvent("message", "[DONE]", null)));
    }

    @Test
    void multiLineDataIsJoinedWithNewline() throws IOException {
        assertThat(readAll("data: one\ndata: two\ndata:three\n\n").getFirst().data(), is("one\ntwo\nthree"));
    }

    @Test
    void dataWithoutSpaceAfterColonKeepsWholeValue() throws IOException {
        assertThat(readAll("data:{\"a\":1}\n\n").getFirst().data(), is("{\"a\":1}"));
    }

    @Test
    void onlyOneLeadingSpaceIsRemoved() throws IOException {
        assertThat(readAll("data:  indented\n\n").getFirst().data(), is(" indented"));
    }

    @Test
    void commentsAreIgnored() throws IOException {
        assertThat(readAll(": keep-alive\n\n:another\ndata: x\n\n"), contains(new SseEvent("message", "x", null)));
    }

    @Test
    void crlfLineEndingsAreAccepted() throws IOException {
        assertThat(readAll("event: a\r\ndata: 1\r\n\r\nevent: b\r\ndata: 2\r\n\r\n"),
                   contains(new SseEvent("a", "1", null), new SseEvent("b", "2", null)));
    }

    @Test
    void bareCarriageReturnLineEndingsAreAccepted() throws IOException {
        assertThat(readAll("event: a\rdata: 1\r\rdata: 2\r\r"),
                   contains(new SseEvent("a", "1", null), new SseEvent("message", "2", null)));
    }

    @Test
    void leadingByteOrderMarkIsSkipped() throws IOException {
        byte[] bytes = "\uFEFFevent: a\ndata: 1\n\n".getBytes(StandardCharsets.UTF_8);
        try (SseReader reader = new SseReader(new ByteArrayInputStream(bytes))) {
            assertThat(reader.next().orElseThrow(), is(new SseEvent("a", "1", null)));
        }
    }

    @Test
    void lastEventIdCarriesOverToLaterEvents() throws IOException {
        List<SseEvent> events = readAll("id: 7\ndata: a\n\ndata: b\n\n");
        assertThat(events.get(0).id(), is("7"));
        assertThat(events.get(1).id(), is("7"));
    }

    @Test
    void eventWithoutDataIsNotDispatchedAndItsNameIsForgotten() throws IOException {
        assertThat(readAll("event: lonely\n\ndata: x\n\n"), contains(new SseEvent("message", "x", null)));
    }

    @Test
    void unterminatedEventAtEndOfStreamIsDiscarded() throws IOException {
        assertThat(readAll("data: complete\n\ndata: cut"), contains(new SseEvent("message", "complete", null)));
    }

    @Test
    void emptyStreamHasNoEvents() throws IOException {
        assertThat(readAll(""), is(empty()));
    }

    @Test
    void fieldWithoutColonIsAFieldWithEmptyValue() throws IOException {
        SseEvent event = readAll("data\n\n").getFirst();
        assertThat(event.data(), is(""));
        assertThat(event.id(), is(nullValue()));
    }

    @Test
    void unknownFieldsAndRetryAreIgnored() throws IOException {
        assertThat(readAll("retry: 100\nfoo: bar\ndata: x\n\n"), contains(new SseEvent("message", "x", null)));
    }
}
