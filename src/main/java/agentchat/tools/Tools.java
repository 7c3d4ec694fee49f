package agentchat.tools;

import java.lang.System.Logger.Level;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import agentchat.agent.ToolRunner;
import agentchat.agent.ToolSpec;
import agentchat.messages.MessageContent.ToolResult;
import agentchat.messages.MessageContent.ToolUse;

/**
 * The agent's tools: offers the enabled ones to the model and runs calls in the chat's workspace,
 * asking for approval first where the settings say so. Every failure becomes an error result.
 */
public final class Tools implements ToolRunner {

    private static final System.Logger LOG = System.getLogger(Tools.class.getName());

    private final Map<String, Tool> enabled;
    private final Workspaces workspaces;
    private final ApprovalMode approvalMode;
    private final ToolApproval approval;
    private final int outputMaxChars;

    public Tools(ToolSettings settings, Workspaces workspaces, ToolApproval approval) {
        Map<String, Tool> all = allTools(settings);
        this.enabled = settings.enabled().stream()
                .collect(Collectors.toMap(Function.identity(), all::get, (a, b) -> a, LinkedHashMap::new));
        this.workspaces = workspaces;
        this.approvalMode = settings.approval();
        this.approval = approval;
        this.outputMaxChars = settings.outputMaxChars();
    }

    /** Tools whose calls are approved without asking (whatever the approval mode says). */
    public static Tools create(ToolSettings settings) {
        return new Tools(settings, Workspaces.from(settings), ToolApproval.ALWAYS_APPROVE);
    }

    public Workspaces workspaces() {
        return workspaces;
    }

    @Override
    public List<ToolSpec> specs() {
        return enabled.values().stream().map(Tool::spec).toList();
    }

    /** Whether a call of this tool waits for the user's approval (false for unknown tools). */
    public boolean requiresApproval(String toolName) {
        Tool tool = enabled.get(toolName);
        return tool != null && approvalMode.requiresApproval(tool);
    }

    @Override
    public ToolResult run(String chatId, ToolUse call) throws InterruptedException {
        Tool tool = enabled.get(call.name());
        if (tool == null) {
            return error(call, ToolSettings.ALL_TOOLS.contains(call.name())
                    ? "Tool " + call.name() + " is disabled on this server. Available tools: " + enabled.keySet()
                    : "Unknown tool: " + call.name() + ". Available tools: " + enabled.keySet());
        }
        if (approvalMode.requiresApproval(tool)) {
            ToolApproval.Decision decision = approval.approve(chatId, call);
            if (!decision.approved()) {
                return error(call, "The user denied this tool call"
                        + (decision.message().isEmpty() ? "." : ": " + decision.message()));
            }
        }
        try {
            return new ToolResult(call.id(), cap(tool.run(workspaces.forChat(chatId), call.input())), false);
        } catch (InterruptedException e) {
            throw e;
        } catch (ToolException e) {
            return error(call, e.getMessage());
        } catch (Exception | StackOverflowError e) {
            // StackOverflowError: some regular expressions recurse deeply on long lines.
            LOG.log(Level.WARNING, "Tool " + call.name() + " failed in chat " + chatId, e);
            return error(call, call.name() + " failed: " + describe(e));
        }
    }

    private ToolResult error(ToolUse call, String message) {
        return new ToolResult(call.id(), cap(message), true);
    }

    private String cap(String text) {
        if (text.length() <= outputMaxChars) {
            return text;
        }
        return text.substring(0, outputMaxChars) + "\n[Output cut at " + outputMaxChars + " of "
                + text.length() + " characters.]";
    }

    /** Names the file by its name only: the model has no business knowing where workspaces live. */
    private static String describe(Throwable e) {
        if (e instanceof FileSystemException fs) {
            String file = fs.getFile() == null ? "" : " (" + Path.of(fs.getFile()).getFileName() + ")";
            return (fs.getReason() == null ? e.getClass().getSimpleName() : fs.getReason()) + file;
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private static Map<String, Tool> allTools(ToolSettings settings) {
        return List.<Tool>of(new ReadTool(settings), new WriteTool(), new EditTool(), new GlobTool(settings),
                        new GrepTool(settings), new BashTool(settings))
                .stream()
                .collect(Collectors.toMap(Tool::name, Function.identity()));
    }
}
