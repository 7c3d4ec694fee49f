package agentchat.agent;

/**
 * One dispatched server-sent event. {@code event} is "message" when the stream named none;
 * {@code id} is the last event id seen so far on the stream, or null.
 */
record SseEvent(String event, String data, String id) {
}
