package agentchat.mcp;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

class McpToolNamesTest {

    @Test
    void namesArePrefixedWithTheServer() {
        assertThat(McpToolNames.offered("files", "read_file"), is("mcp__files__read_file"));
    }

    @Test
    void everyCharacterOutsideLettersDigitsUnderscoreAndHyphenBecomesOneUnderscore() {
        assertThat(McpToolNames.offered("my server", "git.log/v2"), is("mcp__my_server__git_log_v2"));
        assertThat(McpToolNames.offered("dé-mo", "a😀b"), is("mcp__d_-mo__a_b"));
    }

    @Test
    void namesAreCutTo64Characters() {
        String name = McpToolNames.offered("server", "x".repeat(100));
        assertThat(name.length(), is(64));
        assertThat(name, is("mcp__server__" + "x".repeat(64 - "mcp__server__".length())));
    }
}
