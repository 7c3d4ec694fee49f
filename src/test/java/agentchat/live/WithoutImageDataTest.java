package agentchat.live;

import java.time.Instant;
import java.util.List;

import agentchat.json.Json;
import agentchat.messages.Message;
import agentchat.messages.MessageContent;
import agentchat.messages.MessageMetadata;
import agentchat.messages.Role;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.sameInstance;

/**
 * The events of an {@code imageData=false} socket: user_message_stored, user_message_updated, tool_result and
 * message_complete lose the bytes of their images (a tool result's too), nothing else changes — not even a tool
 * input that happens to have an imageData member.
 */
class WithoutImageDataTest {

    private static final String CHAT = "c0a80101-0000-4000-8000-000000000001";

    private static MessageContent.Image image(String id, String base64) {
        return MessageContent.Image.of(CHAT, id, "image/png").withData(base64);
    }

    private static Message userMessage(MessageContent... parts) {
        return new Message("m1", CHAT, Role.USER, List.of(parts), Instant.parse("2026-11-25T10:00:00.000Z"),
                MessageMetadata.EMPTY);
    }

    @Test
    void everyImagePartLosesImageDataAndKeepsItsUrl() {
        String event = Events.userMessageStored(userMessage(image("a1", "iVBORw0KGgo="),
                new MessageContent.Text("between"), image("a2", "AAAA")));

        JsonObject stripped = Json.parseObject(WithoutImageData.strip(event));
        JsonObject expected = Json.parseObject(Events.userMessageStored(userMessage(image("a1", "iVBORw0KGgo=").withoutData(),
                new MessageContent.Text("between"), image("a2", "AAAA").withoutData())));
        assertThat(stripped, is(expected));
        assertThat(stripped.getJsonObject("message").getJsonArray("content").getJsonObject(2).getString("url"),
                is("/api/chats/" + CHAT + "/attachments/a2"));
    }

    @Test
    void anEditedMessageLosesTheBytesOfItsImagesToo() {
        String event = Events.userMessageUpdated(userMessage(image("a1", "iVBORw0KGgo="), new MessageContent.Text("edited")));

        assertThat(Json.parseObject(WithoutImageData.strip(event)), is(Json.parseObject(Events.userMessageUpdated(
                userMessage(image("a1", "iVBORw0KGgo=").withoutData(), new MessageContent.Text("edited"))))));
    }

    @Test
    void textThatLooksLikeImageDataIsLeftAlone() {
        String sneaky = "x\",\"imageData\":\"data:image/png;base64,AAAA\"} and ,\"imageData\":\"";
        String event = Events.userMessageStored(userMessage(new MessageContent.Text(sneaky), image("a1", "AAAA")));

        JsonObject message = Json.parseObject(WithoutImageData.strip(event)).getJsonObject("message");
        assertThat(message.getJsonArray("content").getJsonObject(0).getString("text"), is(sneaky));
        assertThat(message.getJsonArray("content").getJsonObject(1).containsKey("imageData"), is(false));
    }

    private static MessageContent.ToolResult toolResult(String id, MessageContent.Image... images) {
        return new MessageContent.ToolResult(id, "a screenshot", false, List.of(images));
    }

    @Test
    void theImagesOfAToolResultLoseTheirBytesAndKeepTheirUrl() {
        String event = Events.toolResult("m2", toolResult("t1", image("a1", "iVBORw0KGgo="), image("a2", "AAAA")));

        JsonObject stripped = Json.parseObject(WithoutImageData.strip(event));

        assertThat(stripped, is(Json.parseObject(Events.toolResult("m2",
                toolResult("t1", image("a1", "iVBORw0KGgo=").withoutData(), image("a2", "AAAA").withoutData())))));
        assertThat(stripped.getJsonArray("images").getJsonObject(1).getString("url"),
                is("/api/chats/" + CHAT + "/attachments/a2"));
    }

    @Test
    void aCompletedMessageLosesTheBytesOfItsToolImagesAndKeepsEveryToolInputAsItWas() {
        JsonObject input = Json.parseObject("""
                {"first":1,"imageData":"data:image/png;base64,AAAA",
                 "nested":{"x":1,"input":{"y":2,"imageData":"data:image/png;base64,BBBB"}},
                 "list":[{"a":"]}\\\"},\\\"imageData\\\":\\\""},1,true,null],"n":-1.5e3,"last":"x"}""");
        Message answer = new Message("m3", CHAT, Role.ASSISTANT, List.of(new MessageContent.Text("Looking"),
                new MessageContent.ToolUse("t1", "mcp__browser__shot", input),
                toolResult("t1", image("a1", "iVBORw0KGgo=")),
                new MessageContent.ToolUse("t2", "mcp__browser__shot", input),
                toolResult("t2", image("a2", "AAAA"))), Instant.parse("2026-11-25T10:00:01.000Z"),
                MessageMetadata.EMPTY.withStopReason("end_turn"));

        JsonObject stripped = Json.parseObject(WithoutImageData.strip(Events.complete(answer)));

        Message expected = new Message("m3", CHAT, Role.ASSISTANT, List.of(new MessageContent.Text("Looking"),
                new MessageContent.ToolUse("t1", "mcp__browser__shot", input),
                toolResult("t1", image("a1", "iVBORw0KGgo=").withoutData()),
                new MessageContent.ToolUse("t2", "mcp__browser__shot", input),
                toolResult("t2", image("a2", "AAAA").withoutData())), answer.createdAt(), answer.metadata());
        assertThat(stripped, is(Json.parseObject(Events.complete(expected))));
    }

    @Test
    void theEndOfAValueIsFoundWhateverItHolds() {
        String json = "{\"input\":{\"s\":\"}\\\"{\",\"a\":[1,{\"b\":\"]\"}]},\"next\":1}";
        int start = json.indexOf('{', 1);

        assertThat(json.substring(start, WithoutImageData.endOfValue(json, start)),
                is("{\"s\":\"}\\\"{\",\"a\":[1,{\"b\":\"]\"}]}"));
        assertThat(WithoutImageData.endOfValue("[1,2]", 1), is(2));
        assertThat(WithoutImageData.endOfValue("{\"a\":true}", 5), is(9));
    }

    @Test
    void otherEventsPassUnchanged() {
        String toolUse = Events.toolUse("m2", new MessageContent.ToolUse("t1", "Write",
                Json.object().add("imageData", "data:image/png;base64,AAAA").build()));
        assertThat(WithoutImageData.strip(toolUse), sameInstance(toolUse));
        String textOnly = Events.userMessageStored(userMessage(new MessageContent.Text("hi")));
        assertThat(WithoutImageData.strip(textOnly), sameInstance(textOnly));
    }
}
