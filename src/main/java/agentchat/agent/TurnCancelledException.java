package agentchat.agent;

/** Unwinds a turn that {@link AgentClient#cancel} stopped. */
final class TurnCancelledException extends RuntimeException {

    TurnCancelledException() {
        super("turn cancelled", null, false, false);
    }
}
