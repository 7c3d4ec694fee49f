package agentchat.messages;

import java.util.List;

import agentchat.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** How the images of tool results are stored and shown: by attachment id, and (from an older server) inline. */
class MessageJsonTest {

    private static final String CHAT = "c0a80101-0000-4000-8000-000000000001";

    @Test
    void aToolImageIsStoredByItsAttachmentIdAndShownWithItsUrlAndBytes() {
        MessageContent.Image image = MessageContent.Image.of(CHAT, "a1", "image/png").withData("iVBORw0KGgo=");
        MessageContent.ToolResult result = new MessageContent.ToolResult("t1", "a screenshot", false, List.of(image));

        JsonObject stored = MessageJson.partForStorage(result);

        assertThat(stored.getJsonArray("images"), is(Json.parseArray("[{\"mimeType\":\"image/png\",\"attachmentId\":\"a1\"}]")));
        assertThat(MessageJson.partToJson(result).getJsonArray("images").getJsonObject(0), is(Json.parseObject(
                "{\"mimeType\":\"image/png\",\"attachmentId\":\"a1\",\"url\":\"/api/chats/" + CHAT + "/attachments/a1\","
                        + "\"imageData\":\"data:image/png;base64,iVBORw0KGgo=\"}")));
        MessageContent.ToolResult read = (MessageContent.ToolResult) MessageJson.contentFromJson(
                Json.array().add(stored).build(), CHAT).getFirst();
        assertThat(read.images(), is(List.of(image.withoutData())));
    }

    @Test
    void aToolImageAnOlderServerWroteInlineIsStillReadShownAndKeptWithItsBytes() {
        JsonArray row = Json.parseArray("""
                [{"type":"tool_result","toolUseId":"t1","content":"a screenshot","isError":false,
                  "images":[{"mimeType":"image/png","imageData":"data:image/png;base64,iVBORw0KGgo="}]}]""");

        MessageContent.ToolResult read = (MessageContent.ToolResult) MessageJson.contentFromJson(row, CHAT).getFirst();

        assertThat(read.images(), is(List.of(MessageContent.Image.inline("image/png", "iVBORw0KGgo="))));
        JsonObject inlineImage = Json.parseObject("{\"mimeType\":\"image/png\",\"imageData\":\"data:image/png;base64,iVBORw0KGgo=\"}");
        assertThat(MessageJson.partToJson(read).getJsonArray("images").getJsonObject(0), is(inlineImage));
        assertThat("stored again, the bytes stay", MessageJson.partForStorage(read).getJsonArray("images").getJsonObject(0),
                is(inlineImage));
        assertThat(read.images().getFirst().withoutData(), is(read.images().getFirst()));
    }
}
