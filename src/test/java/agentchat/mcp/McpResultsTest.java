package agentchat.mcp;

import java.util.Base64;
import java.util.List;

import agentchat.testing.TestImages;
import agentchat.tools.ToolOutput;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * The images of an MCP tool result: the ones a model can take are kept (as bytes, for the chat to store),
 * every other one is left out with a note the model and the user read in the result.
 */
class McpResultsTest {

    private static McpSchema.ImageContent image(String mimeType, byte[] bytes) {
        return new McpSchema.ImageContent(null, Base64.getEncoder().encodeToString(bytes), mimeType);
    }

    private static ToolOutput output(McpSchema.Content... content) {
        return McpResults.toOutput(new McpSchema.CallToolResult(List.of(content), false, null, null),
                McpJsonDefaults.getMapper());
    }

    @Test
    void anImageOfATypeTheModelCannotTakeOverTheLimitOrNotOfItsTypeIsLeftOutWithANote() {
        byte[] png = TestImages.png(0xFF0000);

        ToolOutput output = output(new McpSchema.TextContent("shots"),
                image("image/bmp", TestImages.bmp(0x00FF00)),
                image("image/png", TestImages.pngOfSize(McpResults.MAX_IMAGE_BYTES + 1)),
                image("image/jpeg", png),
                new McpSchema.ImageContent(null, "not base64!", "image/png"),
                image("IMAGE/PNG", png));

        assertThat(output.text(), is(String.join("\n", "shots",
                "[image (image/bmp) left out: only PNG, JPEG, GIF and WebP reach the model]",
                "[image of " + (McpResults.MAX_IMAGE_BYTES + 1) + " bytes left out: the limit is " + McpResults.MAX_IMAGE_BYTES + "]",
                "[image left out: its bytes are not image/jpeg]",
                "[image left out: its data is not valid base64]")));
        assertThat(output.images().size(), is(1));
        assertThat(output.images().getFirst().mimeType(), is("image/png"));
        assertThat(output.images().getFirst().bytes(), is(png));
    }

    @Test
    void atMostFourImagesOfOneResultAreKept() {
        ToolOutput output = output(image("image/png", TestImages.png(1)), image("image/png", TestImages.png(2)),
                image("image/png", TestImages.png(3)), image("image/png", TestImages.png(4)),
                image("image/png", TestImages.png(5)));

        assertThat(output.images().size(), is(McpResults.MAX_IMAGES));
        assertThat(output.text(), is("[image left out: at most 4 images per result]"));
    }
}
