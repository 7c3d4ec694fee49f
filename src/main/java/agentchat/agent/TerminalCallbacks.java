package agentchat.agent;

import java.util.concurrent.atomic.AtomicBoolean;

import agentchat.messages.MessageContent;

/**
 * Passes callbacks on, letting through exactly one of onComplete/onError; a failing terminal
 * callback is logged, never answered with a second terminal call.
 */
public final class TerminalCallbacks implements AgentCallbacks {

    private static final System.Logger LOG = System.getLogger(TerminalCallbacks.class.getName());

    private final AgentCallbacks delegate;
    private final AtomicBoolean ended = new AtomicBoolean();

    public TerminalCallbacks(AgentCallbacks delegate) {
        this.delegate = delegate;
    }

    public boolean ended() {
        return ended.get();
    }

    void complete(AgentResult result) {
        onComplete(result);
    }

    void error(AgentError error) {
        onError(error);
    }

    @Override
    public void onStatus(String status) {
        delegate.onStatus(status);
    }

    @Override
    public void onTextDelta(String text) {
        delegate.onTextDelta(text);
    }

    @Override
    public void onToolUse(MessageContent.ToolUse toolUse) {
        delegate.onToolUse(toolUse);
    }

    @Override
    public void onToolResult(MessageContent.ToolResult result) {
        delegate.onToolResult(result);
    }

    @Override
    public void onComplete(AgentResult result) {
        if (ended.compareAndSet(false, true)) {
            try {
                delegate.onComplete(result);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "onComplete failed", e);
            }
        }
    }

    @Override
    public void onError(AgentError error) {
        if (ended.compareAndSet(false, true)) {
            try {
                delegate.onError(error);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "onError failed", e);
            }
        }
    }
}
