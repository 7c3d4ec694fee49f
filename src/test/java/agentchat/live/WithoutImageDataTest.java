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

/** The events of an {@code imageData=false} socket: user_message_stored loses its images' bytes, nothing else changes. */
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
    void textThatLooksLikeImageDataIsLeftAlone() {
        String sneaky = "x\",\"imageData\":\"data:image/png;base64,AAAA\"} and ,\"imageData\":\"";
        String event = Events.userMessageStored(userMessage(new MessageContent.Text(sneaky), image("a1", "AAAA")));

        JsonObject message = Json.parseObject(WithoutImageData.strip(event)).getJsonObject("message");
        assertThat(message.getJsonArray("content").getJsonObject(0).getString("text"), is(sneaky));
        assertThat(message.getJsonArray("content").getJsonObject(1).containsKey("imageData"), is(false));
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
