package agentchat.live;

import java.lang.System.Logger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;

import agentchat.testing.OneFrameWsClient;
import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.CompositeBufferData;
import io.helidon.common.buffers.DataReader;
import io.helidon.common.socket.PeerInfo;
import io.helidon.common.socket.SocketContext;
import io.helidon.websocket.ClientWsFrame;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * The frame reading path of the chat socket on a payload that arrives in thousands of socket
 * reads, as a big image does. Helidon unmasks a payload one byte at a time; the work is linear only
 * when the payload it unmasks is one buffer (a composite of n reads costs a walk of up to n reads
 * per byte). Counting the pieces the unmasking gets instead of timing it keeps the test exact.
 */
class LinearFrameReadingTest {

    /** What the socket hands over per read (Helidon's PlainSocket reads into an 8 KiB array). */
    private static final int SOCKET_READ = 8192;

    @Test
    void aPayloadSpreadOverThousandsOfSocketReadsIsUnmaskedFromOneBuffer() {
        String text = "{\"type\":\"send_message\",\"content\":\"" + "x".repeat(4 * 1024 * 1024) + "\"}";
        Socket socket = new Socket(OneFrameWsClient.maskedTextFrame(text));
        assertThat("the payload arrives in many reads", socket.reads() > 500, is(true));

        DataReader reader = new LinearFrameReading.ContiguousReader(socket.reader());
        ClientWsFrame frame = ClientWsFrame.read(NO_SOCKET_CONTEXT, reader, 16 * 1024 * 1024);

        BufferData payload = frame.payloadData();
        assertThat(payload.readString(payload.available(), StandardCharsets.UTF_8), is(text));
    }

    @Test
    void theBufferHandedToTheUnmaskingIsOnePieceHoweverManyReadsItCameIn() {
        byte[] frame = OneFrameWsClient.maskedTextFrame("y".repeat(2 * 1024 * 1024));
        int payloadLength = 2 * 1024 * 1024;

        DataReader wrapped = new LinearFrameReading.ContiguousReader(new Socket(frame).skipHeader());
        BufferData contiguous = wrapped.readBuffer(payloadLength);
        assertThat(contiguous, not(instanceOf(CompositeBufferData.class)));
        assertThat(contiguous.available(), is(payloadLength));
    }

    @Test
    void bytesAfterTheFrameStayForTheNextFrame() {
        byte[] first = OneFrameWsClient.maskedTextFrame("a".repeat(100_000));
        byte[] second = OneFrameWsClient.maskedTextFrame("{\"type\":\"cancel\"}");
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);

        DataReader reader = new LinearFrameReading.ContiguousReader(new Socket(both).reader());
        ClientWsFrame.read(NO_SOCKET_CONTEXT, reader, 16 * 1024 * 1024);
        BufferData next = ClientWsFrame.read(NO_SOCKET_CONTEXT, reader, 16 * 1024 * 1024).payloadData();
        assertThat(next.readString(next.available(), StandardCharsets.UTF_8), is("{\"type\":\"cancel\"}"));
    }

    /** The bytes of a connection, handed over the way a socket does: at most 8 KiB per read. */
    private static final class Socket {
        private final Deque<byte[]> pending = new ArrayDeque<>();
        private final AtomicInteger reads = new AtomicInteger();

        Socket(byte[] bytes) {
            for (int from = 0; from < bytes.length; from += SOCKET_READ) {
                pending.add(Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + SOCKET_READ)));
            }
            reads.set(pending.size());
        }

        int reads() {
            return reads.get();
        }

        DataReader reader() {
            return new DataReader(pending::poll);
        }

        /** A reader positioned at the payload of the (64-bit length, masked) frame. */
        DataReader skipHeader() {
            DataReader reader = reader();
            reader.skip(2 + 8 + 4);
            return reader;
        }
    }

    private static final SocketContext NO_SOCKET_CONTEXT = new SocketContext() {
        @Override
        public PeerInfo remotePeer() {
            throw new UnsupportedOperationException();
        }

        @Override
        public PeerInfo localPeer() {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isSecure() {
            return false;
        }

        @Override
        public String socketId() {
            return "test";
        }

        @Override
        public String childSocketId() {
            return "test";
        }

        @Override
        public void log(Logger logger, Logger.Level level, String format, Object... args) {
        }
    };
}
