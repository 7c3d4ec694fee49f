package agentchat.live;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import agentchat.agent.AgentClient;
import agentchat.agent.AgentError;
import agentchat.agent.TurnRequest;
import agentchat.agent.Usage;
import agentchat.chats.Chat;
import agentchat.chats.ChatRepository;
import agentchat.http.DatabaseUnavailableException;
import agentchat.http.RedisUnavailableException;
import agentchat.json.Texts;
import agentchat.messages.Message;
import agentchat.messages.MessageContent;
import agentchat.messages.MessageMetadata;
import agentchat.messages.MessageRepository;
import agentchat.messages.MessageRewrites;
import agentchat.messages.Role;
import agentchat.models.ModelChoices;

/**
 * The turns of every chat: at most one generation per chat (its {@link TurnLeases lease}), each on
 * its own virtual thread, and the chat-level events around it. The same logic serves one instance
 * and several: what differs (where leases live, how events reach sockets and how a late socket
 * catches up) sits behind {@link TurnLeases} and {@link ChatBus}.
 */
public final class Turns {

    private static final System.Logger LOG = System.getLogger(Turns.class.getName());
    private static final Duration DELETE_WAIT = Duration.ofSeconds(5);

    /** How a turn answers the socket that asked for it (errors only that socket should see). */
    public interface Reply {
        void error(String code, String message);
    }

    public record Settings(boolean agentConfigured, String notConfiguredMessage, int flushBytes,
                           Duration flushInterval, Duration storeRetryFor, ModelChoices models) {
    }

    /** What became of a finished answer in the database. */
    enum Stored { STORED, TAKEN_OVER, FAILED }

    private final ChatBus bus;
    private final TurnLeases leases;
    private final ChatRepository chats;
    private final MessageRepository messages;
    private final MessageRewrites rewrites;
    private final AgentClient agent;
    private final Settings settings;
    private final Clock clock;
    /** The generations running on this instance. */
    private final Map<String, Generation> active = new ConcurrentHashMap<>();
    private volatile boolean shuttingDown;

    public Turns(ChatBus bus, TurnLeases leases, ChatRepository chats, MessageRepository messages,
                 MessageRewrites rewrites, AgentClient agent, Settings settings, Clock clock) {
        this.bus = bus;
        this.leases = leases;
        this.chats = chats;
        this.messages = messages;
        this.rewrites = rewrites;
        this.agent = agent;
        this.settings = settings;
        this.clock = clock;
    }

    MessageRepository messages() {
        return messages;
    }

    /**
     * What a turn changes in the stored conversation before the agent runs; returns the events that
     * announce the change. Throws {@link ClientError}, having changed nothing, when it cannot be made.
     */
    @FunctionalInterface
    private interface ConversationChange {
        List<String> apply(String chatId);
    }

    /** Starts a turn for a validated user message, or answers the sender with why not. */
    public void start(String chatId, List<MessageContent> content, Reply reply) {
        begin(chatId, true, reply, id -> List.of(Events.userMessageStored(
                messages.insertUserMessage(UUID.randomUUID().toString(), id, content, clock.instant()))));
    }

    /** {@code regenerate}: what answered the last user message is deleted, and a new turn answers it. */
    public void regenerate(String chatId, Reply reply) {
        begin(chatId, false, reply, id -> {
            MessageRewrites.Position last = rewrites.lastUserMessage(id)
                    .orElseThrow(() -> ClientError.validation("This chat has no user message to answer again"));
            return List.of(Events.messagesDeleted(rewrites.deleteAfter(id, last.seq())));
        });
    }

    /** {@code edit_message}: a user message gets new content, every later message is deleted, a new turn answers. */
    public void edit(String chatId, String messageId, List<MessageContent> content, Reply reply) {
        begin(chatId, true, reply, id -> {
            MessageRewrites.Position position = rewrites.position(id, messageId)
                    .filter(MessageRewrites.Position::finished)
                    .orElseThrow(() -> new ClientError("NOT_FOUND", "No message " + Texts.abbreviate(messageId, 40)
                            + " in this chat"));
            if (position.role() != Role.USER) {
                throw ClientError.validation("Only user messages can be edited; " + messageId + " is the assistant's");
            }
            MessageRewrites.Replaced replaced = rewrites.replaceUserMessage(id, position, content, clock.instant());
            return List.of(Events.messagesDeleted(replaced.deletedIds()), Events.userMessageUpdated(replaced.message()));
        });
    }

    /**
     * The lifecycle every turn shares: one turn per chat (CHAT_BUSY), the change to the conversation
     * announced before message_start, then the agent on a thread of its own.
     *
     * @param keptWithoutAgent whether the change is made (and kept) when no agent is configured, as
     *                         what the user sent is; otherwise nothing changes and the sender hears why
     */
    private void begin(String chatId, boolean keptWithoutAgent, Reply reply, ConversationChange change) {
        if (shuttingDown) {
            reply.error("SERVER_SHUTTING_DOWN", "The server is shutting down; try again in a moment");
            return;
        }
        if (!keptWithoutAgent && !settings.agentConfigured()) {
            reply.error("AGENT_NOT_CONFIGURED", settings.notConfiguredMessage());
            return;
        }
        Generation generation = new Generation(this, chatId, UUID.randomUUID().toString(), clock,
                settings.flushBytes(), settings.flushInterval());
        Optional<TurnLeases.Lease> lease;
        try {
            lease = leases.acquire(chatId, generation.messageId(), () -> leaseLost(generation));
        } catch (RedisUnavailableException e) {
            reply.error(e.code(), e.getMessage());
            return;
        }
        if (lease.isEmpty()) {
            reply.error("CHAT_BUSY", "A reply is already being generated in this chat; wait for it or cancel it");
            return;
        }
        generation.holding(lease.get());
        List<String> announcements;
        Chat chat;
        try {
            chat = chats.findById(chatId).orElseThrow(() -> new IllegalStateException("chat deleted"));
            announcements = change.apply(chatId);
        } catch (ClientError e) {
            lease.get().release();
            reply.error(e.code(), e.getMessage());
            return;
        } catch (RuntimeException e) {
            lease.get().release();
            failBeforeStart(e, reply);
            return;
        }
        announcements.forEach(event -> bus.publish(chatId, event));
        // the title the chat gets after the turn while it has the default one, read now so that the end is one transaction
        try {
            generation.titleIfDefault(Chat.DEFAULT_TITLE.equals(chat.title())
                    ? messages.firstUserText(chatId).map(ChatTitles::fromMessage).orElse(null) : null);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not read the first message of chat " + chatId + " for its title", e);
        }
        if (!settings.agentConfigured()) {
            recordTurn(chatId, generation.titleIfDefault());
            lease.get().end(List.of(Events.error("AGENT_NOT_CONFIGURED", settings.notConfiguredMessage(), null),
                    Events.status("idle")));
            return;
        }
        try {
            messages.insertStreaming(generation.messageId(), chatId, generation.startedAt());
        } catch (RuntimeException e) {
            failBeforeStart(e, reply);
            lease.get().end(List.of(Events.status("idle")));
            return;
        }
        active.put(chatId, generation);
        // listening before message_start goes out, so that any cancel sent after seeing it stops this turn
        ChatBus.Registration cancels = bus.onCancel(chatId, () -> {
            generation.requestCancel(false);
            agent.cancel(chatId);
        });
        // message_start goes out at once; the conversation (possibly long) is read on the generation's thread
        bus.publish(chatId, Events.messageStart(generation.messageId()));
        Thread.ofVirtual().name("generation-" + chatId).start(() -> run(generation, chat, cancels));
    }

    /** Another instance took the chat's lease (this one was presumed dead): stop, leaving the end to it. */
    private void leaseLost(Generation generation) {
        LOG.log(Level.WARNING, "Lost the lease of chat " + generation.chatId() + "; stopping its turn");
        generation.leaseLost();
        agent.cancel(generation.chatId());
    }

    private void run(Generation generation, Chat chat, ChatBus.Registration cancels) {
        String chatId = generation.chatId();
        String sessionId = chat.sessionId();
        Thread flusher = Thread.ofVirtual().name("flusher-" + chatId).start(() -> flushUntilDone(generation));
        try (cancels) {
            List<Message> history;
            try {
                history = messages.history(chatId);
            } catch (RuntimeException e) {
                if (!DatabaseUnavailableException.isCause(e)) {
                    throw e;
                }
                LOG.log(Level.WARNING, "Database unavailable reading the conversation of chat " + chatId, e);
                generation.onError(new AgentError("DATABASE_UNAVAILABLE",
                        "The database is unavailable; the conversation could not be read", sessionId, null, Usage.NONE));
                return;
            }
            if (!generation.isCancelRequested()) {
                agent.sendMessage(new TurnRequest(chatId, history, sessionId, settings.models().forTurn(chat.model()),
                        chat.systemPrompt()), generation);
            }
        } catch (RuntimeException | Error e) {
            LOG.log(Level.ERROR, "Generation of chat " + chatId + " failed unexpectedly", e);
            generation.onError(new AgentError("INTERNAL_ERROR", "The reply failed unexpectedly", sessionId, null,
                    Usage.NONE));
        } finally {
            if (!generation.isDone()) {
                generation.finish(MessageMetadata.stoppedBy(generation.isCancelRequested() ? "cancelled" : "error"),
                        sessionId, null);
            }
            flusher.interrupt();
        }
    }

    private void flushUntilDone(Generation generation) {
        try {
            while (!generation.isDone()) {
                Thread.sleep(Math.max(50, settings.flushInterval().toMillis() / 2));
                generation.flushIfDue();
                if (generation.isCancelRequested() && !generation.isDone()) {
                    agent.cancel(generation.chatId());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void failBeforeStart(RuntimeException e, Reply reply) {
        if (DatabaseUnavailableException.isCause(e)) {
            LOG.log(Level.WARNING, "Database unavailable when starting a turn", e);
            reply.error("DATABASE_UNAVAILABLE", "The database is unavailable; the message was not stored");
        } else if (e instanceof IllegalStateException && "chat deleted".equals(e.getMessage())) {
            reply.error("NOT_FOUND", "Chat not found");
        } else {
            LOG.log(Level.ERROR, "Could not start a turn", e);
            reply.error("INTERNAL_ERROR", "The message could not be stored");
        }
    }

    /**
     * Persists a finished assistant message, retrying while the database is unreachable. The
     * message is completed only while still streaming: when an instance that presumed this one
     * dead already marked it interrupted, the answer is {@link Stored#TAKEN_OVER}.
     */
    Stored storeFinished(Message message, String sessionId, String title, boolean chunksWritten) {
        long deadline = System.nanoTime() + settings.storeRetryFor().toNanos();
        for (long delayMs = 100; ; delayMs = Math.min(delayMs * 2, 2000)) {
            try {
                // one transaction: the message, its chunks gone, and the chat's session id, updatedAt and title
                return messages.completeTurn(message.id(), message.content(), message.metadata(), clock.instant(),
                        chunksWritten, new MessageRepository.ChatAfterTurn(message.chatId(), sessionId, title))
                        ? Stored.STORED : Stored.TAKEN_OVER;
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline || !DatabaseUnavailableException.isCause(e)) {
                    LOG.log(Level.ERROR, "Could not store message " + message.id(), e);
                    return Stored.FAILED;
                }
                LOG.log(Level.WARNING, "Database unavailable storing message " + message.id() + "; retrying");
                try {
                    Thread.sleep(delayMs);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return Stored.FAILED;
                }
            }
        }
    }

    /** A turn without an answer (no agent): bumps updatedAt and gives a "New Chat" a title. */
    private void recordTurn(String chatId, String title) {
        try {
            messages.recordTurn(new MessageRepository.ChatAfterTurn(chatId, null, title), clock.instant());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not update chat " + chatId + " after a turn", e);
        }
    }

    /** The generation has ended: the terminal event and idle (none when it lost its lease) as the lease's last. */
    void ended(Generation generation, List<String> lastEvents) {
        active.remove(generation.chatId(), generation);
        generation.lease().end(lastEvents);
    }

    void publish(String chatId, String event) {
        bus.publish(chatId, event);
    }

    /** Subscribes a socket: first the running turn so far (if any), then everything live. */
    public ChatBus.Registration join(String chatId, ChatBus.Subscriber subscriber) {
        return bus.subscribe(chatId, subscriber);
    }

    public void cancel(String chatId) {
        bus.requestCancel(chatId);
    }

    /**
     * Before a chat is deleted: stop its generation, wherever it runs, and wait (a few seconds at
     * most) for it to store what it has; then close the chat's sockets on every instance.
     */
    public void chatDeleted(String chatId) {
        Generation local = active.get(chatId);
        if (local != null) {
            local.requestCancel(false);
            agent.cancel(chatId);
            awaitQuietly(local, DELETE_WAIT);
        }
        try {
            if (local == null && leases.holder(chatId).isPresent()) {
                cancel(chatId);
                awaitReleased(chatId, DELETE_WAIT);
            }
        } catch (RedisUnavailableException e) {
            LOG.log(Level.WARNING, "Chat " + chatId + " deleted while Redis is unavailable: a turn on another "
                    + "instance is not stopped, and its sockets there are not closed");
        }
        try {
            bus.closeChat(chatId, 1000, "Chat deleted");
        } catch (RedisUnavailableException e) {
            LOG.log(Level.DEBUG, "Closed only this instance's sockets of deleted chat " + chatId);
        }
    }

    private void awaitReleased(String chatId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (leases.holder(chatId).isPresent() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Graceful stop: refuse new turns, let running ones finish for half the grace period, then
     * cancel them (stop reason "interrupted") and wait for their text to be stored, then close
     * every socket with 1001.
     */
    public void shutdown(Duration grace) {
        shuttingDown = true;
        long deadline = System.nanoTime() + grace.toNanos();
        long finishBy = System.nanoTime() + grace.dividedBy(2).toNanos(); // one half-grace for all, not each
        for (Generation generation : List.copyOf(active.values())) {
            awaitQuietly(generation, Duration.ofNanos(Math.max(0, finishBy - System.nanoTime())));
        }
        for (Generation generation : List.copyOf(active.values())) {
            generation.requestCancel(true);
            agent.cancel(generation.chatId());
        }
        for (Generation generation : List.copyOf(active.values())) {
            awaitQuietly(generation, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
        // the close frames are written by each socket's writer: give them a moment before the server stops
        bus.closeAll(1001, "Server shutting down", Duration.ofSeconds(1));
    }

    private static void awaitQuietly(Generation generation, Duration timeout) {
        try {
            generation.awaitDone(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
