package agentchat.tools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import agentchat.agent.ToolSpec;
import agentchat.messages.MessageContent.ToolResult;
import agentchat.messages.MessageContent.ToolUse;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static agentchat.tools.ToolTestSupport.input;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ToolsTest {

    private static final String CHAT = UUID.randomUUID().toString();

    @TempDir
    Path temp;

    /** Records the calls it was asked about and answers with a fixed decision. */
    private final List<String> asked = new ArrayList<>();

    private Tools tools(Map<String, String> settings, ToolApproval.Decision answer) {
        Map<String, String> values = new HashMap<>(settings);
        values.put("workspace-root", temp.resolve("workspaces").toString());
        ToolSettings toolSettings = ToolTestSupport.settings(values);
        return new Tools(toolSettings, Workspaces.from(toolSettings), (chatId, call) -> {
            asked.add(call.name());
            return answer;
        });
    }

    private Tools tools(Map<String, String> settings) {
        return tools(settings, ToolApproval.Decision.approve());
    }

    private static ToolUse call(String name, JsonObject input) {
        return new ToolUse("call-1", name, input);
    }

    private Path workspaceOf(String chatId) {
        return temp.resolve("workspaces").resolve(chatId);
    }

    @Test
    void specsListTheEnabledToolsInOrder() {
        List<ToolSpec> specs = tools(Map.of("enabled", "Grep,Read")).specs();
        assertThat(specs.stream().map(ToolSpec::name).toList(), contains("Grep", "Read"));
        assertThat(specs.getFirst().inputSchema().getJsonArray("required").getString(0), is("pattern"));
    }

    @Test
    void noToolsWhenDisabled() {
        assertThat(tools(Map.of("enabled", "none")).specs(), is(empty()));
    }

    @Test
    void writeThenReadRunsInTheChatsWorkspace() throws Exception {
        Tools tools = tools(Map.of());
        ToolResult written = tools.run(CHAT, call("Write", input("path", "a.txt", "content", "hello")));
        ToolResult read = tools.run(CHAT, call("Read", input("path", "a.txt")));

        assertThat(written.isError(), is(false));
        assertThat(read, is(new ToolResult("call-1", "     1\thello\n", false)));
        assertThat(Files.readString(workspaceOf(CHAT).resolve("a.txt")), is("hello"));
    }

    @Test
    void unknownToolIsAnErrorResult() throws Exception {
        ToolResult result = tools(Map.of()).run(CHAT, call("Teleport", input()));
        assertThat(result.isError(), is(true));
        assertThat(result.content(), containsString("Unknown tool: Teleport"));
    }

    @Test
    void disabledToolIsAnErrorResult() throws Exception {
        ToolResult result = tools(Map.of()).run(CHAT, call("Bash", input("command", "echo hi")));
        assertThat(result.isError(), is(true));
        assertThat(result.content(), containsString("Tool Bash is disabled"));
    }

    @Test
    void toolFailureIsAnErrorResult() throws Exception {
        ToolResult result = tools(Map.of()).run(CHAT, call("Read", input("path", "../../etc/passwd")));
        assertThat(result.isError(), is(true));
        assertThat(result.content(), containsString("outside the workspace"));
    }

    @Test
    void missingParameterIsAnErrorResult() throws Exception {
        ToolResult result = tools(Map.of()).run(CHAT, call("Read", input()));
        assertThat(result, is(new ToolResult("call-1", "Missing required parameter 'path'", true)));
    }

    @Test
    void invalidChatIdIsAnErrorResult() throws Exception {
        ToolResult result = tools(Map.of()).run("../other", call("Read", input("path", "a.txt")));
        assertThat(result.isError(), is(true));
        assertThat(Files.exists(temp.resolve("other")), is(false));
    }

    @Test
    void outputIsCappedAtOutputMaxChars() throws Exception {
        Tools tools = tools(Map.of("output-max-chars", "50"));
        tools.run(CHAT, call("Write", input("path", "a.txt", "content", "word ".repeat(100))));

        ToolResult result = tools.run(CHAT, call("Grep", input("pattern", "word")));

        assertThat(result.content(), containsString("[Output cut at 50 of"));
        assertThat(result.content().length() < 100, is(true));
    }

    @Test
    void approvalNeverAsksNobody() throws Exception {
        tools(Map.of("approval", "never")).run(CHAT, call("Write", input("path", "a.txt", "content", "x")));
        assertThat(asked, is(empty()));
    }

    @Test
    void approvalWritesLetsReadsRunWithoutAsking() throws Exception {
        Tools tools = tools(Map.of("approval", "writes"));
        ToolResult result = tools.run(CHAT, call("Glob", input("pattern", "*")));
        assertThat(result.isError(), is(false));
        assertThat(asked, is(empty()));
    }

    @Test
    void approvalWritesAsksBeforeWriting() throws Exception {
        Tools tools = tools(Map.of("approval", "writes"));
        ToolResult result = tools.run(CHAT, call("Write", input("path", "a.txt", "content", "x")));
        assertThat(result.isError(), is(false));
        assertThat(asked, contains("Write"));
    }

    @Test
    void deniedCallDoesNotRunAndCarriesTheUsersMessage() throws Exception {
        Tools tools = tools(Map.of("approval", "writes"), ToolApproval.Decision.deny("not in that file"));
        ToolResult result = tools.run(CHAT, call("Write", input("path", "a.txt", "content", "x")));
        assertThat(result, is(new ToolResult("call-1", "The user denied this tool call: not in that file", true)));
        assertThat(Files.exists(workspaceOf(CHAT).resolve("a.txt")), is(false));
    }

    @Test
    void approvalAlwaysAsksEvenForReads() throws Exception {
        Tools tools = tools(Map.of("approval", "always"), ToolApproval.Decision.deny(null));
        ToolResult result = tools.run(CHAT, call("Glob", input("pattern", "*")));
        assertThat(result, is(new ToolResult("call-1", "The user denied this tool call.", true)));
        assertThat(asked, contains("Glob"));
    }

    @Test
    void cancelWhileWaitingForApprovalPropagates() {
        ToolSettings settings = ToolTestSupport.settings(Map.of("approval", "always",
                "workspace-root", temp.toString()));
        Tools tools = new Tools(settings, Workspaces.from(settings), (chatId, call) -> {
            throw new InterruptedException();
        });
        assertThrows(InterruptedException.class, () -> tools.run(CHAT, call("Glob", input("pattern", "*"))));
    }

    @Test
    void deleteChatRemovesOnlyThatChatsDirectory() throws Exception {
        Tools tools = tools(Map.of());
        String other = UUID.randomUUID().toString();
        tools.run(CHAT, call("Write", input("path", "a.txt", "content", "x")));
        tools.run(other, call("Write", input("path", "b.txt", "content", "y")));

        tools.workspaces().deleteChat(CHAT);

        assertThat(Files.exists(workspaceOf(CHAT)), is(false));
        assertThat(Files.readString(workspaceOf(other).resolve("b.txt")), is("y"));
    }

    @Test
    void sharedWorkspaceIsUsedByEveryChatAndSurvivesDeletion() throws Exception {
        Path shared = temp.resolve("shared");
        Workspaces workspaces = new Workspaces(temp.resolve("workspaces"), Optional.of(shared));
        ToolSettings settings = ToolSettings.defaults();
        Tools tools = new Tools(settings, workspaces, ToolApproval.ALWAYS_APPROVE);
        String other = UUID.randomUUID().toString();

        tools.run(CHAT, call("Write", input("path", "a.txt", "content", "x")));
        ToolResult read = tools.run(other, call("Read", input("path", "a.txt")));
        workspaces.deleteChat(CHAT);

        assertThat(read.content(), is("     1\tx\n"));
        assertThat(Files.exists(shared.resolve("a.txt")), is(true));
    }

    @Test
    void deleteChatRefusesPathLikeChatIds() {
        Workspaces workspaces = new Workspaces(temp.resolve("workspaces"), Optional.empty());
        assertThrows(IllegalArgumentException.class, () -> workspaces.deleteChat(".."));
        assertThrows(IllegalArgumentException.class, () -> workspaces.deleteChat("a/b"));
    }
}
