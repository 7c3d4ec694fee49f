package agentchat.tools;

import java.lang.System.Logger.Level;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import agentchat.agent.ToolRunner;
import agentchat.agent.ToolSpec;
import agentchat.attachments.RejectedImage;
import agentchat.messages.MessageContent.Image;
import agentchat.messages.MessageContent.ToolResult;
import agentchat.messages.MessageContent.ToolUse;

/**
 * The agent's tools: offers the enabled built-in ones and the external ones (MCP servers) to the model,
 * and runs calls — built-in ones in the chat's workspace — asking for approval first where the settings
 * say so. Every failure becomes an error result; results are capped at the same size whatever their source.
 * Images a tool returns become attachments of the chat ({@link ToolImages}).
 */
public final class Tools implements ToolRunner {

    private static final System.Logger LOG = System.getLogger(Tools.class.getName());

    private final Map<String, Tool> enabled;
    private final Workspaces workspaces;
    private final ApprovalMode approvalMode;
    private final ToolApproval approval;
    private final ExternalTools external;
    private final ToolImages images;
    private final int outputMaxChars;

    public Tools(ToolSettings settings, Workspaces workspaces, ToolApproval approval) {
        this(settings, workspaces, approval, ExternalTools.NONE, ToolImages.NONE);
    }

    public Tools(ToolSettings settings, Workspaces workspaces, ToolApproval approval, ExternalTools external,
                 ToolImages images) {
        Map<String, Tool> all = allTools(settings);
        this.enabled = settings.enabled().stream()
                .collect(Collectors.toMap(Function.identity(), all::get, (a, b) -> a, LinkedHashMap::new));
        this.workspaces = workspaces;
        this.approvalMode = settings.approval();
        this.approval = approval;
        this.external = external;
        this.images = images;
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
        List<ToolSpec> specs = new ArrayList<>(enabled.values().stream().map(Tool::spec).toList());
        external.tools().forEach(tool -> specs.add(tool.spec()));
        return specs;
    }

    /** The tools offered to the model now, as {@code GET /api/tools} lists them. */
    public List<OfferedTool> offered() {
        List<OfferedTool> offered = new ArrayList<>();
        enabled.values().forEach(tool -> offered.add(new OfferedTool(tool.name(), tool.description(), "builtin",
                approvalMode.requiresApproval(tool))));
        external.tools().forEach(tool -> offered.add(new OfferedTool(tool.spec().name(), tool.spec().description(),
                tool.source(), approvalMode.requiresApproval(!tool.readOnly()))));
        return offered;
    }

    @Override
    public ToolResult run(String chatId, ToolUse call) throws InterruptedException {
        Tool tool = enabled.get(call.name());
        if (tool == null) {
            return runExternal(chatId, call);
        }
        if (approvalMode.requiresApproval(tool)) {
            Optional<String> refusal = askApproval(chatId, call);
            if (refusal.isPresent()) {
                return error(call, refusal.get());
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

    private ToolResult runExternal(String chatId, ToolUse call) throws InterruptedException {
        ExternalTools.ExternalTool tool = external.tools().stream()
                .filter(candidate -> candidate.spec().name().equals(call.name()))
                .findFirst().orElse(null);
        if (tool == null) {
            return error(call, external.unavailable(call.name()).orElseGet(() -> unknown(call.name())));
        }
        if (approvalMode.requiresApproval(!tool.readOnly())) {
            Optional<String> refusal = askApproval(chatId, call);
            if (refusal.isPresent()) {
                return error(call, refusal.get());
            }
        }
        ToolOutput output;
        try {
            output = external.call(tool, call.input());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Tool " + call.name() + " failed in chat " + chatId, e);
            return error(call, call.name() + " failed: " + describe(e));
        }
        List<String> notes = new ArrayList<>(); // the text first, then a note for each image left out
        List<Image> stored = store(chatId, output.images(), notes);
        if (!output.text().isEmpty()) {
            notes.addFirst(cap(output.text()));
        }
        return new ToolResult(call.id(), String.join("\n", notes), output.isError(), stored);
    }

    /**
     * The images as attachments of the chat, with their bytes (the model gets them in this turn); one that
     * cannot be stored is left out and a note in {@code notes} says so to the model.
     */
    private List<Image> store(String chatId, List<ToolOutput.Image> returned, List<String> notes) {
        List<Image> stored = new ArrayList<>(returned.size());
        for (ToolOutput.Image image : returned) {
            try {
                stored.add(images.store(chatId, image.mimeType(), image.bytes())
                        .withData(Base64.getEncoder().encodeToString(image.bytes())));
            } catch (RejectedImage e) {
                notes.add("[image left out: " + e.getMessage() + "]");
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Could not store an image a tool returned in chat " + chatId, e);
                notes.add("[image left out: it could not be stored]");
            }
        }
        return stored;
    }

    /** Asks the user; the refusal to give the model, or empty when the call may run. */
    private Optional<String> askApproval(String chatId, ToolUse call) throws InterruptedException {
        ToolApproval.Decision decision = approval.approve(chatId, call);
        return decision.approved() ? Optional.empty() : Optional.of("The user denied this tool call"
                + (decision.message().isEmpty() ? "." : ": " + decision.message()));
    }

    private String unknown(String name) {
        List<String> available = specs().stream().map(ToolSpec::name).toList();
        return ToolSettings.ALL_TOOLS.contains(name)
                ? "Tool " + name + " is disabled on this server. Available tools: " + available
                : "Unknown tool: " + name + ". Available tools: " + available;
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
