package agentchat.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import agentchat.live.CatchUp;

/**
 * A chat's events in Redis. Publishing numbers each event (a per-chat sequence), appends it to the
 * chat's journal and publishes it on the chat's channel, in one script, so every instance sees the
 * same order and a joiner can tell what the journal already covers. The journal starts over at
 * each message_start; it lives while the chat's lease does (renewed with it) and for
 * {@link #AFTER_TURN} after, so a subscriber that lost its connection can fill the gap.
 */
final class RedisJournal {

    /** How long a journal outlives its turn. */
    static final Duration AFTER_TURN = Duration.ofSeconds(60);
    /** The sequence outlives quiet chats: when it is gone, a new one starts above the old (from the clock). */
    static final Duration SEQ_TTL = Duration.ofDays(7);

    /** An event as journaled and published: "seq event". */
    record Entry(long seq, String event) {
        static Entry parse(String entry) {
            int space = entry.indexOf(' ');
            return new Entry(Long.parseLong(entry, 0, space, 10), entry.substring(space + 1));
        }
    }

    /** The chat's last sequence number and its journal, read together. */
    record Snapshot(long seq, List<Entry> entries) {
        List<String> events() {
            return entries.stream().map(Entry::event).toList();
        }
    }

    private static final String INIT_SEQ = """
            if redis.call('EXISTS', KEYS[1]) == 0 then
              local now = redis.call('TIME')
              redis.call('SET', KEYS[1], string.format('%d', tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)))
            end
            """;

    /**
     * KEYS: seq, journal, lease, last batch. ARGV: channel, journal TTL while the lease is held,
     * journal TTL after, seq TTL, lease value to release ('' for none), batch id, n, then n pairs
     * (1 when the event starts a turn else 0, event). A batch whose id is the chat's last one was
     * published already (a retry after a timeout whose command still ran): nothing happens.
     */
    private static final RedisConnection.Script PUBLISH = RedisConnection.Script.of(INIT_SEQ + """
            if redis.call('GET', KEYS[4]) == ARGV[6] then
              return 0
            end
            redis.call('SET', KEYS[4], ARGV[6], 'PX', ARGV[4])
            for i = 0, tonumber(ARGV[7]) - 1 do
              local seq = redis.call('INCR', KEYS[1])
              local entry = string.format('%d', seq) .. ' ' .. ARGV[9 + 2 * i]
              if ARGV[8 + 2 * i] == '1' then
                redis.call('DEL', KEYS[2])
              end
              redis.call('RPUSH', KEYS[2], entry)
              redis.call('PUBLISH', ARGV[1], entry)
            end
            if ARGV[5] ~= '' and redis.call('GET', KEYS[3]) == ARGV[5] then
              redis.call('DEL', KEYS[3])
            end
            if redis.call('EXISTS', KEYS[3]) == 1 then
              redis.call('PEXPIRE', KEYS[2], ARGV[2])
            else
              redis.call('PEXPIRE', KEYS[2], ARGV[3])
            end
            redis.call('PEXPIRE', KEYS[1], ARGV[4])
            return 1
            """);

    /** KEYS: seq, journal. ARGV: seq TTL. Returns {seq, journal entries}. */
    private static final RedisConnection.Script SNAPSHOT = RedisConnection.Script.of(INIT_SEQ + """
            redis.call('PEXPIRE', KEYS[1], ARGV[1])
            return {redis.call('GET', KEYS[1]), redis.call('LRANGE', KEYS[2], 0, -1)}
            """);

    /**
     * After events were dropped (an outage too long to keep them): skip a sequence number so
     * every subscriber sees a gap it cannot fill, and start the journal over with a marker.
     * KEYS: seq, journal. ARGV: channel, marker event, journal TTL.
     */
    private static final RedisConnection.Script RESET = RedisConnection.Script.of(INIT_SEQ + """
            local seq = redis.call('INCRBY', KEYS[1], 2)
            local entry = string.format('%d', seq) .. ' ' .. ARGV[2]
            redis.call('DEL', KEYS[2])
            redis.call('RPUSH', KEYS[2], entry)
            redis.call('PEXPIRE', KEYS[2], ARGV[3])
            redis.call('PUBLISH', ARGV[1], entry)
            return seq
            """);

    /** The marker of a reset journal; never delivered to sockets. */
    static final String RESET_MARKER = "{\"type\":\"_events_lost\"}";

    private final RedisConnection redis;
    private final Duration runningTtl;

    RedisJournal(RedisConnection redis, Duration leaseTtl) {
        this.redis = redis;
        this.runningTtl = leaseTtl.plus(AFTER_TURN);
    }

    /**
     * Publishes {@code events} in order, then releases the lease if it still holds {@code releaseLease};
     * once per {@code batchId}, however often it is retried.
     */
    void publish(String chatId, String batchId, List<String> events, String releaseLease) {
        List<String> args = new ArrayList<>(7 + 2 * events.size());
        args.add(RedisKeys.channel(chatId));
        args.add(String.valueOf(runningTtl.toMillis()));
        args.add(String.valueOf(AFTER_TURN.toMillis()));
        args.add(String.valueOf(SEQ_TTL.toMillis()));
        args.add(releaseLease == null ? "" : releaseLease);
        args.add(batchId);
        args.add(String.valueOf(events.size()));
        for (String event : events) {
            args.add(CatchUp.startsTurn(event) ? "1" : "0");
            args.add(event);
        }
        redis.run(PUBLISH, List.of(RedisKeys.seq(chatId), RedisKeys.journal(chatId), RedisKeys.lease(chatId),
                RedisKeys.lastBatch(chatId)), args);
    }

    Snapshot snapshot(String chatId) {
        List<?> reply = (List<?>) redis.run(SNAPSHOT, List.of(RedisKeys.seq(chatId), RedisKeys.journal(chatId)),
                List.of(String.valueOf(SEQ_TTL.toMillis())));
        long seq = Long.parseLong((String) reply.get(0));
        List<Entry> entries = ((List<?>) reply.get(1)).stream().map(entry -> Entry.parse((String) entry)).toList();
        return new Snapshot(seq, entries);
    }

    void reset(String chatId) {
        redis.run(RESET, List.of(RedisKeys.seq(chatId), RedisKeys.journal(chatId)),
                List.of(RedisKeys.channel(chatId), RESET_MARKER, String.valueOf(runningTtl.toMillis())));
    }

    /** Renews the journal with the lease (a turn may wait a long time for an approval). */
    Duration runningTtl() {
        return runningTtl;
    }
}
