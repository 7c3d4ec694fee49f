package agentchat.redis;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import agentchat.http.RedisUnavailableException;
import agentchat.json.Json;
import agentchat.live.CatchUp;
import agentchat.live.ChatBus;
import agentchat.live.TurnSignals;
import jakarta.json.JsonObject;

/**
 * {@link ChatBus} over Redis, for several instances. Each chat with sockets on this instance is
 * subscribed on the one subscriber connection; events are numbered and journaled by
 * {@link RedisJournal} and fed to each socket by a {@link SequencedSocket}. Cancels, approval
 * answers and chat closes travel on one control channel every instance listens to; an approval
 * request is claimed by deleting it from the chat's hash, so the first answer anywhere decides.
 *
 * <p>When Redis is unreachable, publishing never waits: events are kept in order per chat in a
 * {@link PublishBacklog} and published when Redis is back (the sockets then receive them late but
 * complete); sockets are told with an {@code error} event {@code REDIS_UNAVAILABLE}.
 */
public final class RedisChatBus implements ChatBus, RedisConnection.Listener {

    private static final System.Logger LOG = System.getLogger(RedisChatBus.class.getName());
    private static final Duration JOIN_WAIT = Duration.ofSeconds(2);
    private static final Duration APPROVALS_TTL = Duration.ofDays(1);
    private static final String UNAVAILABLE_EVENT = "{\"type\":\"error\",\"error\":\"Live updates are paused: Redis "
            + "is unavailable. They resume when it is back.\",\"code\":\"" + RedisUnavailableException.CODE + "\"}";

    /** The sockets of one chat on this instance. */
    private static final class ChatSockets {
        final List<SequencedSocket> sockets = new CopyOnWriteArrayList<>();
        volatile CompletableFuture<Void> subscribed;
    }

    private final RedisConnection redis;
    private final RedisJournal journal;
    private final PublishBacklog backlog;
    private final String instanceId;
    private final Map<String, ChatSockets> chats = new ConcurrentHashMap<>();
    /** Adding and removing sockets and chat subscriptions (not the delivery path). */
    private final ReentrantLock subscriptions = new ReentrantLock();
    private final TurnSignals signals = new TurnSignals();
    private final Map<String, CompletableFuture<Void>> barriers = new ConcurrentHashMap<>();

    public RedisChatBus(RedisConnection redis, String instanceId, Duration leaseTtl) {
        this.redis = redis;
        this.instanceId = instanceId;
        this.journal = new RedisJournal(redis, leaseTtl);
        this.backlog = new PublishBacklog(redis, journal, instanceId);
    }

    RedisJournal journal() {
        return journal;
    }

    @Override
    public Registration subscribe(String chatId, Subscriber subscriber) {
        SequencedSocket socket = new SequencedSocket(chatId, subscriber, journal);
        CompletableFuture<Void> subscribed;
        subscriptions.lock();
        try {
            ChatSockets local = chats.computeIfAbsent(chatId, id -> new ChatSockets());
            if (local.subscribed == null || (local.subscribed.isCompletedExceptionally() && redis.isUp())) {
                local.subscribed = redis.subscribe(RedisKeys.channel(chatId));
            }
            local.sockets.add(socket);
            subscribed = local.subscribed;
        } finally {
            subscriptions.unlock();
        }
        try {
            // the channel listens before the journal is read: nothing falls between the two
            subscribed.get(JOIN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            socket.sync();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.log(Level.DEBUG, "Socket of chat " + chatId + " could not catch up yet", e);
            if (redis.isUp()) {
                Thread.ofVirtual().name("ws-sync-" + chatId).start(socket::syncQuietly);
            } else {
                subscriber.deliver(UNAVAILABLE_EVENT); // synced with its catch-up when Redis is back (onUp)
            }
        }
        return () -> leave(chatId, socket);
    }

    private void leave(String chatId, SequencedSocket socket) {
        socket.closed();
        subscriptions.lock();
        try {
            ChatSockets local = chats.get(chatId);
            if (local != null && local.sockets.remove(socket) && local.sockets.isEmpty()) {
                chats.remove(chatId);
                redis.unsubscribe(RedisKeys.channel(chatId));
            }
        } finally {
            subscriptions.unlock();
        }
    }

    @Override
    public void publish(String chatId, String event) {
        backlog.publish(chatId, List.of(event), null);
    }

    /** Publishes the last events of a turn and releases its lease (when still {@code leaseValue}), as one step. */
    void publishAndRelease(String chatId, List<String> events, String leaseValue) {
        backlog.publish(chatId, events, leaseValue);
    }

    @Override
    public boolean isRunning(String chatId, String messageId) {
        return CatchUp.isRunning(journal.snapshot(chatId).events(), messageId);
    }

    @Override
    public void closeChat(String chatId, int code, String reason) {
        closeLocally(chatId, code, reason);
        redis.call(r -> {
            r.publish(RedisKeys.CONTROL, control("close", chatId).add("code", code).add("reason", reason).build().toString());
            return r.del(RedisKeys.journal(chatId), RedisKeys.approvals(chatId), RedisKeys.lastBatch(chatId),
                    RedisKeys.seq(chatId));
        });
    }

    private void closeLocally(String chatId, int code, String reason) {
        ChatSockets local;
        subscriptions.lock();
        try {
            local = chats.remove(chatId);
            if (local != null) {
                redis.unsubscribe(RedisKeys.channel(chatId));
            }
        } finally {
            subscriptions.unlock();
        }
        if (local != null) {
            local.sockets.forEach(socket -> {
                socket.closed();
                socket.subscriber().close(code, reason);
            });
        }
    }

    @Override
    public void closeAll(int code, String reason, Duration wait) {
        awaitOwnEvents(wait.dividedBy(2));
        List<Subscriber> closing = new ArrayList<>();
        subscriptions.lock();
        try {
            chats.forEach((chatId, local) -> {
                local.sockets.forEach(socket -> {
                    socket.closed();
                    closing.add(socket.subscriber());
                });
                redis.unsubscribe(RedisKeys.channel(chatId));
            });
            chats.clear();
        } finally {
            subscriptions.unlock();
        }
        ChatBus.closeAndAwait(closing, code, reason, wait);
    }

    /**
     * Waits until what this instance published so far has come back to its sockets: a marker sent
     * on the control channel arrives after it, on the same subscriber connection. (On shutdown,
     * the turns' last events must reach the sockets before their close frames.)
     */
    private void awaitOwnEvents(Duration wait) {
        String id = UUID.randomUUID().toString();
        CompletableFuture<Void> heard = new CompletableFuture<>();
        barriers.put(id, heard);
        try {
            redis.call(r -> r.publish(RedisKeys.CONTROL, control("barrier", "").add("id", id).build().toString()));
            heard.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.log(Level.DEBUG, "Closing sockets without waiting for the last events", e);
        } finally {
            barriers.remove(id);
        }
    }

    @Override
    public void requestCancel(String chatId) {
        redis.call(r -> r.publish(RedisKeys.CONTROL, control("cancel", chatId).build().toString()));
    }

    @Override
    public Registration onCancel(String chatId, Runnable handler) {
        return signals.onCancel(chatId, handler);
    }

    @Override
    public Registration awaitAnswer(String chatId, String requestId, Consumer<Answer> onAnswer) {
        Registration local = signals.awaitAnswer(chatId, requestId, onAnswer);
        try {
            redis.call(r -> {
                r.hset(RedisKeys.approvals(chatId), requestId, instanceId);
                return r.pexpire(RedisKeys.approvals(chatId), APPROVALS_TTL.toMillis());
            });
        } catch (RedisUnavailableException e) {
            local.close();
            throw e;
        }
        return () -> {
            local.close();
            try {
                redis.call(r -> r.hdel(RedisKeys.approvals(chatId), requestId));
            } catch (RedisUnavailableException e) {
                LOG.log(Level.DEBUG, "Could not withdraw approval request " + requestId + "; it expires by itself");
            }
        };
    }

    @Override
    public boolean answer(String chatId, String requestId, Answer answer) {
        return redis.call(r -> {
            if (r.hdel(RedisKeys.approvals(chatId), requestId) != 1) {
                return false;
            }
            var message = control("answer", chatId).add("requestId", requestId).add("approved", answer.approved());
            if (answer.message() != null) {
                message.add("message", answer.message());
            }
            r.publish(RedisKeys.CONTROL, message.build().toString());
            return true;
        });
    }

    private static jakarta.json.JsonObjectBuilder control(String op, String chatId) {
        return Json.object().add("op", op).add("chatId", chatId);
    }

    @Override
    public void onMessage(String channel, String message) {
        if (channel.equals(RedisKeys.CONTROL)) {
            Thread.ofVirtual().name("redis-control").start(() -> onControl(Json.parseObject(message)));
            return;
        }
        ChatSockets local = chats.get(channel.substring(RedisKeys.CHAT_CHANNEL_PREFIX.length()));
        if (local != null) {
            RedisJournal.Entry entry = RedisJournal.Entry.parse(message);
            local.sockets.forEach(socket -> socket.offer(entry));
        }
    }

    private void onControl(JsonObject message) {
        String chatId = message.getString("chatId");
        switch (message.getString("op")) {
            case "cancel" -> signals.cancel(chatId);
            case "answer" -> signals.answer(chatId, message.getString("requestId"),
                    new Answer(message.getBoolean("approved"), message.getString("message", null)));
            case "close" -> closeLocally(chatId, message.getInt("code"), message.getString("reason"));
            case "barrier" -> {
                CompletableFuture<Void> heard = barriers.get(message.getString("id"));
                if (heard != null) {
                    heard.complete(null);
                }
            }
            default -> LOG.log(Level.WARNING, "Unknown control message " + message.getString("op"));
        }
    }

    @Override
    public void onDown() {
        chats.values().forEach(local -> local.sockets.forEach(socket -> socket.subscriber().deliver(UNAVAILABLE_EVENT)));
    }

    /** Back after an outage: publish what was kept, then let every socket fill what it missed. */
    @Override
    public void onUp() {
        backlog.drain();
        chats.values().forEach(local -> {
            local.subscribed = CompletableFuture.completedFuture(null);
            local.sockets.forEach(SequencedSocket::syncQuietly);
        });
    }

}
