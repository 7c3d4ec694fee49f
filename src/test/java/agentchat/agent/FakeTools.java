package agentchat.agent;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import agentchat.messages.MessageContent;
import jakarta.json.Json;

/** A ToolRunner offering "Read" (answers "contents of <path>") and "Slow" (blocks until interrupted). */
final class FakeTools implements ToolRunner {

    final List<MessageContent.ToolUse> runs = new CopyOnWriteArrayList<>();
    final CountDownLatch slowInterrupted = new CountDownLatch(1);

    @Override
    public List<ToolSpec> specs() {
        var schema = Json.createObjectBuilder()
                .add("type", "object")
                .add("properties", Json.createObjectBuilder()
                        .add("path", Json.createObjectBuilder().add("type", "string")))
                .build();
        return List.of(new ToolSpec("Read", "Reads a file", schema),
                       new ToolSpec("Slow", "Takes forever", Json.createObjectBuilder().add("type", "object").build()));
    }

    @Override
    public MessageContent.ToolResult run(String chatId, MessageContent.ToolUse call) throws InterruptedException {
        runs.add(call);
        if (call.name().equals("Slow")) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                slowInterrupted.countDown();
                throw e;
            }
        }
        return new MessageContent.ToolResult(call.id(), "contents of " + call.input().getString("path", "?"), false);
    }
}
