package agentchat.agent;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import agentchat.messages.MessageContent;

/** Records a turn's callbacks in order, as short strings ("status:thinking", "text:Hi", ...). */
class RecordingCallbacks implements AgentCallbacks {

    final List<String> events = new CopyOnWriteArrayList<>();
    final List<MessageContent.ToolUse> toolUses = new CopyOnWriteArrayList<>();
    final List<MessageContent.ToolResult> toolResults = new CopyOnWriteArrayList<>();
    final CountDownLatch firstText = new CountDownLatch(1);
    final CountDownLatch toolStarted = new CountDownLatch(1);
    volatile AgentResult result;
    volatile AgentError error;
    volatile int terminalCalls;

    @Override
    public void onStatus(String status) {
        events.add("status:" + status);
        if (status.equals("tool_use")) {
            toolStarted.countDown();
        }
    }

    @Override
    public void onTextDelta(String text) {
        events.add("text:" + text);
        firstText.countDown();
    }

    @Override
    public void onToolUse(MessageContent.ToolUse toolUse) {
        events.add("tool_use:" + toolUse.name());
        toolUses.add(toolUse);
    }

    @Override
    public void onToolResult(MessageContent.ToolResult toolResult) {
        events.add("tool_result:" + toolResult.toolUseId());
        toolResults.add(toolResult);
    }

    @Override
    public void onComplete(AgentResult agentResult) {
        events.add("complete:" + agentResult.stopReason());
        result = agentResult;
        terminalCalls++;
    }

    @Override
    public void onError(AgentError agentError) {
        events.add("error:" + agentError.code());
        error = agentError;
        terminalCalls++;
    }

    String text() {
        StringBuilder text = new StringBuilder();
        events.stream().filter(e -> e.startsWith("text:")).forEach(e -> text.append(e.substring(5)));
        return text.toString();
    }
}
