package agentchat.redis;

/**
 * The Redis keys and channels of agentchat, all under {@code agentchat:}. Per chat: its event
 * channel, the sequence number of its last event, its journal (the events since the running or
 * last turn's message_start, each as "seq event"), its turn lease ("instance messageId") and
 * its pending approval requests (requestId → instance).
 */
final class RedisKeys {

    static final String CONTROL = "agentchat:control";
    static final String CHAT_CHANNEL_PREFIX = "agentchat:chat:";

    private RedisKeys() {
    }

    static String channel(String chatId) {
        return CHAT_CHANNEL_PREFIX + chatId;
    }

    static String seq(String chatId) {
        return "agentchat:chat:" + chatId + ":seq";
    }

    static String journal(String chatId) {
        return "agentchat:chat:" + chatId + ":journal";
    }

    /** The id of the last batch of events published, so that a retried batch is published once. */
    static String lastBatch(String chatId) {
        return "agentchat:chat:" + chatId + ":last-batch";
    }

    static String lease(String chatId) {
        return "agentchat:chat:" + chatId + ":lease";
    }

    static String approvals(String chatId) {
        return "agentchat:chat:" + chatId + ":approvals";
    }

    static String ticket(String ticket) {
        return "agentchat:ticket:" + ticket;
    }
}
