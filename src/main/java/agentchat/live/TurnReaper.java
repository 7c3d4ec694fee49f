package agentchat.live;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import agentchat.http.RedisUnavailableException;
import agentchat.messages.Message;
import agentchat.messages.MessageRepository;

/**
 * With several instances: ends the turns of instances that died. Every {@code every} it looks at
 * the messages still streaming; one whose chat's lease is not held for it lost its owner (the
 * lease ran out). The reaper takes the lease, completes the message from its stored chunks as
 * {@code interrupted} (only if still streaming: the database decides who ends a turn), announces
 * {@code message_complete} and {@code status: idle} when the chat's sockets saw the turn running,
 * and lets the chat go. An instance that starts does the same, instead of marking every streaming
 * message interrupted: those of live instances hold their leases.
 */
public final class TurnReaper implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(TurnReaper.class.getName());

    private final MessageRepository messages;
    private final TurnLeases leases;
    private final ChatBus bus;
    private final Clock clock;
    private final Thread thread;
    private volatile boolean closed;

    public TurnReaper(MessageRepository messages, TurnLeases leases, ChatBus bus, Clock clock, Duration every) {
        this.messages = messages;
        this.leases = leases;
        this.bus = bus;
        this.clock = clock;
        this.thread = Thread.ofVirtual().name("turn-reaper").start(() -> loop(every));
    }

    private void loop(Duration every) {
        while (!closed) {
            try {
                Thread.sleep(every);
                reapOnce();
            } catch (InterruptedException e) {
                return;
            } catch (RedisUnavailableException e) {
                LOG.log(Level.DEBUG, "Reaper waits for Redis");
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Reaper round failed; trying again", e);
            }
        }
    }

    /** One look at every streaming message. */
    void reapOnce() {
        for (MessageRepository.Streaming streaming : messages.streaming()) {
            Optional<String> holder = leases.holder(streaming.chatId());
            if (holder.isPresent() && holder.get().equals(streaming.id())) {
                continue; // its turn is alive
            }
            if (holder.isPresent()) {
                // a later turn holds the chat: this one's events are long gone, just store it
                messages.markInterrupted(streaming.id(), clock.instant());
                continue;
            }
            leases.acquire(streaming.chatId(), streaming.id(), () -> { }).ifPresent(lease -> takeOver(streaming, lease));
        }
    }

    private void takeOver(MessageRepository.Streaming streaming, TurnLeases.Lease lease) {
        List<String> lastEvents = List.of();
        try {
            Optional<Message> interrupted = messages.markInterrupted(streaming.id(), clock.instant());
            if (interrupted.isPresent()) {
                LOG.log(Level.WARNING, "Turn of message " + streaming.id() + " in chat " + streaming.chatId()
                        + " lost its instance; stored as interrupted");
                if (bus.isRunning(streaming.chatId(), streaming.id())) {
                    lastEvents = List.of(Events.complete(interrupted.get()), Events.status("idle"));
                }
            }
        } finally {
            lease.end(lastEvents);
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
