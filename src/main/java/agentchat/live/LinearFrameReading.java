package agentchat.live;

import java.lang.System.Logger;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataReader;
import io.helidon.common.buffers.DataWriter;
import io.helidon.common.socket.HelidonSocket;
import io.helidon.common.socket.PeerInfo;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.ListenerContext;
import io.helidon.webserver.ProxyProtocolData;
import io.helidon.webserver.Router;

/**
 * Workaround for a Helidon 4.5.0 problem: WebSocket frames cost time quadratic in their size.
 *
 * <p>{@code ClientWsFrame.read} takes a frame's payload from the connection's {@link DataReader}
 * with {@code readBuffer(length)}, which returns a composite of the socket reads (8 KiB each), and
 * {@code ClientWsFrame.unmask} then reads that composite one byte at a time; every
 * {@code CompositeListBufferData.read()} walks the list of reads from its start. A 12.6 MB frame
 * (a 9 MiB image in base64) cost ~18 s of CPU. Here the socket's reader is wrapped so that a
 * payload is handed over as one array, copied once: unmasking it is then linear.
 *
 * <p>Only the WebSocket connection sees the wrapper ({@link OriginDeferringUpgradeProvider} passes
 * it to Helidon's upgrader); everything else is Helidon's own. Drop this class when
 * {@code ClientWsFrame.unmask} stops reading byte by byte from a composite buffer.
 */
final class LinearFrameReading {

    private LinearFrameReading() {
    }

    /** The connection as the WebSocket upgrader should see it: reading payloads as single arrays. */
    static ConnectionContext wrap(ConnectionContext ctx) {
        return new Context(ctx, new ContiguousReader(ctx.dataReader()));
    }

    /**
     * A reader over another reader (the socket's): the same bytes, taken from it as they arrive,
     * except that {@link #readBuffer(int)} returns one contiguous buffer instead of a composite.
     */
    static final class ContiguousReader extends DataReader {

        ContiguousReader(DataReader socket) {
            super(drain(socket));
        }

        private static Supplier<byte[]> drain(DataReader socket) {
            return () -> {
                socket.ensureAvailable(); // blocks for data; throws InsufficientDataAvailableException at the end
                return socket.readBytes(socket.available());
            };
        }

        @Override
        public BufferData readBuffer(int length) {
            return BufferData.create(readBytes(length));
        }
    }

    /** The connection unchanged, but for its reader. */
    private record Context(ConnectionContext delegate, DataReader reader) implements ConnectionContext {

        @Override
        public DataReader dataReader() {
            return reader;
        }

        @Override
        public ListenerContext listenerContext() {
            return delegate.listenerContext();
        }

        @Override
        public ExecutorService executor() {
            return delegate.executor();
        }

        @Override
        public DataWriter dataWriter() {
            return delegate.dataWriter();
        }

        @Override
        public Router router() {
            return delegate.router();
        }

        @Override
        public Optional<ProxyProtocolData> proxyProtocolData() {
            return delegate.proxyProtocolData();
        }

        @Override
        public HelidonSocket serverSocket() {
            return delegate.serverSocket();
        }

        @Override
        public PeerInfo remotePeer() {
            return delegate.remotePeer();
        }

        @Override
        public PeerInfo localPeer() {
            return delegate.localPeer();
        }

        @Override
        public boolean isSecure() {
            return delegate.isSecure();
        }

        @Override
        public String socketId() {
            return delegate.socketId();
        }

        @Override
        public String childSocketId() {
            return delegate.childSocketId();
        }

        @Override
        public void log(Logger logger, Logger.Level level, String format, Object... args) {
            delegate.log(logger, level, format, args);
        }

        @Override
        public void log(Logger logger, Logger.Level level, String format, Throwable t, Object... args) {
            delegate.log(logger, level, format, t, args);
        }
    }
}
