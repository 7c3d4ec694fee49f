package agentchat.live;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import agentchat.agent.AgentCallbacks;
import agentchat.agent.AgentError;
import agentchat.agent.AgentResult;
import agentchat.agent.Usage;
import agentchat.messages.Message;
import agentchat.messages.MessageContent;
import agentchat.messages.MessageMetadata;
import agentchat.messages.Role;
import agentchat.messages.StreamedContent;

/**
 * One assistant turn while it runs: relays the agent's stream to the chat's sockets and appends it
 * to the database as it goes (text every {@code flushBytes} or {@code flushInterval}, tool parts at
 * once), then completes the message with exactly one terminal event. A turn whose lease was taken
 * over (another instance presumed this one dead) only saves its text and stops: the taker ends it.
 */
final class Generation implements AgentCallbacks {

    private static final System.Logger LOG = System.getLogger(Generation.class.getName());

    private final Turns turns;
    private final String chatId;
    private final String messageId;
    private final Instant startedAt;
    private final long startNanos = System.nanoTime();
    private final int flushBytes;
    private final Duration flushInterval;

    /** Guarded by {@code storeLock}: what sockets have been told. */
    private final StreamedContent content = new StreamedContent();
    private volatile String status = "";

    /** Guarded by {@code storeLock}: pieces not yet in the database, oldest first. */
    private final ReentrantLock storeLock = new ReentrantLock();
    private final List<StreamedContent.Chunk> unsaved = new ArrayList<>();
    private int nextChunk;
    /** Guarded by {@code storeLock}: whether any chunk may be in the database (then the end deletes them). */
    private boolean chunksWritten;
    private volatile String titleIfDefault;
    private long lastFlushNanos = System.nanoTime();

    private final AtomicBoolean finished = new AtomicBoolean();
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile boolean cancelRequested;
    private volatile boolean interruptedByShutdown;
    private volatile boolean leaseLost;
    private TurnLeases.Lease lease;

    Generation(Turns turns, String chatId, String messageId, Clock clock, int flushBytes, Duration flushInterval) {
        this.turns = turns;
        this.chatId = chatId;
        this.messageId = messageId;
        this.startedAt = clock.instant();
        this.flushBytes = flushBytes;
        this.flushInterval = flushInterval;
    }

    String chatId() {
        return chatId;
    }

    String messageId() {
        return messageId;
    }

    Instant startedAt() {
        return startedAt;
    }

    void holding(TurnLeases.Lease lease) {
        this.lease = lease;
    }

    TurnLeases.Lease lease() {
        return lease;
    }

    /** The title the chat gets after this turn if it still has the default one (null: none). */
    void titleIfDefault(String title) {
        this.titleIfDefault = title;
    }

    String titleIfDefault() {
        return titleIfDefault;
    }

    /** The lease was taken over: stop, and leave storing the end and announcing it to the taker. */
    void leaseLost() {
        leaseLost = true;
        cancelRequested = true;
    }

    boolean isCancelRequested() {
        return cancelRequested;
    }

    void requestCancel(boolean byShutdown) {
        if (byShutdown) {
            interruptedByShutdown = true;
        }
        cancelRequested = true;
    }

    boolean awaitDone(Duration timeout) throws InterruptedException {
        return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean isDone() {
        return done.getCount() == 0;
    }

    @Override
    public void onStatus(String status) {
        if (!status.equals(this.status) && !finished.get() && !leaseLost) {
            this.status = status;
            turns.publish(chatId, Events.status(status));
        }
    }

    @Override
    public void onTextDelta(String text) {
        if (text.isEmpty() || finished.get() || leaseLost) {
            return;
        }
        turns.publish(chatId, Events.delta(messageId, text));
        storeLock.lock();
        try {
            content.appendText(text);
            if (!unsaved.isEmpty() && unsaved.getLast().kind().equals("text")) {
                unsaved.set(unsaved.size() - 1, StreamedContent.Chunk.text(unsaved.getLast().body() + text));
            } else {
                unsaved.add(StreamedContent.Chunk.text(text));
            }
            if (unsavedChars() >= flushBytes || System.nanoTime() - lastFlushNanos >= flushInterval.toNanos()) {
                flushLocked();
            }
        } finally {
            storeLock.unlock();
        }
    }

    @Override
    public void onToolUse(MessageContent.ToolUse toolUse) {
        appendPart(toolUse, Events.toolUse(messageId, toolUse));
    }

    @Override
    public void onToolResult(MessageContent.ToolResult result) {
        appendPart(result, Events.toolResult(messageId, result));
    }

    private void appendPart(MessageContent part, String event) {
        if (finished.get() || leaseLost) {
            return;
        }
        turns.publish(chatId, event);
        storeLock.lock();
        try {
            content.appendPart(part);
            unsaved.add(StreamedContent.Chunk.part(part));
            flushLocked();
        } finally {
            storeLock.unlock();
        }
    }

    /** Writes what is pending when it has waited {@code flushInterval}; called by the flusher. */
    void flushIfDue() {
        storeLock.lock();
        try {
            if (!unsaved.isEmpty() && System.nanoTime() - lastFlushNanos >= flushInterval.toNanos()) {
                flushLocked();
            }
        } finally {
            storeLock.unlock();
        }
    }

    private void flushLocked() {
        lastFlushNanos = System.nanoTime();
        chunksWritten |= !unsaved.isEmpty();
        try {
            while (!unsaved.isEmpty()) {
                turns.messages().appendChunk(messageId, nextChunk, unsaved.getFirst());
                nextChunk++;
                unsaved.removeFirst();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not store streamed text of message " + messageId + "; will retry", e);
        }
    }

    private int unsavedChars() {
        int chars = 0;
        for (StreamedContent.Chunk chunk : unsaved) {
            chars += chunk.body().length();
        }
        return chars;
    }

    @Override
    public void onComplete(AgentResult result) {
        String stopReason = interruptedByShutdown && "cancelled".equals(result.stopReason())
                ? "interrupted"
                : result.stopReason();
        finish(metadata(result.usage(), result.model(), stopReason, null, result.sessionResumed()), result.sessionId(),
                null);
    }

    @Override
    public void onError(AgentError error) {
        finish(metadata(error.usage(), error.model(), "error", error.code(), error.sessionResumed()), error.sessionId(),
                error);
    }

    private MessageMetadata metadata(Usage usage, String model, String stopReason, String errorCode,
                                     Boolean sessionResumed) {
        return new MessageMetadata(usage.costUsd(), usage.inputTokens(), usage.outputTokens(), usage.cacheReadTokens(),
                usage.cacheWriteTokens(), elapsedMs(), model, stopReason, errorCode, sessionResumed);
    }

    /** Ends the turn once: persist, then the terminal event, then idle. Later calls are ignored. */
    void finish(MessageMetadata metadata, String sessionId, AgentError error) {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        try {
            if (leaseLost) {
                storeLock.lock();
                try {
                    flushLocked(); // what was streamed is in the chunks the taker rebuilds the message from
                } finally {
                    storeLock.unlock();
                }
                turns.ended(this, List.of());
                return;
            }
            List<MessageContent> parts;
            boolean chunks;
            storeLock.lock();
            try {
                parts = content.snapshot();
                unsaved.clear();
                chunks = chunksWritten;
            } finally {
                storeLock.unlock();
            }
            Message message = new Message(messageId, chatId, Role.ASSISTANT, parts, startedAt, metadata);
            String terminal = switch (turns.storeFinished(message, sessionId, titleIfDefault, chunks)) {
                case FAILED -> Events.error("DATABASE_UNAVAILABLE",
                        "The answer could not be saved; what was streamed is kept and will be restored", messageId);
                case STORED -> error != null ? Events.error(error.code(), error.message(), messageId)
                        : Events.complete(message);
                case TAKEN_OVER -> null; // another instance ended it (and announced that) already
            };
            turns.ended(this, terminal == null ? List.of() : List.of(terminal, Events.status("idle")));
        } finally {
            done.countDown();
        }
    }

    private long elapsedMs() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
