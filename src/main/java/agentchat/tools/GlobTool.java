package agentchat.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.json.JsonObject;

/** Finds files by glob pattern, newest first. */
final class GlobTool implements Tool {

    private static final Comparator<FileWalk.Entry> NEWEST_FIRST =
            Comparator.comparing((FileWalk.Entry e) -> e.attributes().lastModifiedTime()).reversed()
                    .thenComparing(e -> e.relative().toString());

    private final int maxResults;

    GlobTool(ToolSettings settings) {
        this.maxResults = settings.globMaxResults();
    }

    @Override
    public String name() {
        return "Glob";
    }

    @Override
    public String description() {
        return "Finds files in the workspace whose path matches a glob pattern, e.g. \"**/*.java\" "
                + "(** spans directories, also none; * stays within one; {a,b} alternatives). "
                + "Returns paths relative to the workspace, one per line, most recently modified first. "
                + "Symbolic links are listed but not followed.";
    }

    @Override
    public JsonObject inputSchema() {
        return JsonSchemas.object()
                .required("pattern", "string", "Glob pattern, matched against paths relative to the search directory")
                .optional("path", "string", "Directory to search in, relative to the workspace (default: the workspace)")
                .build();
    }

    @Override
    public boolean writes() {
        return false;
    }

    @Override
    public String run(Workspace workspace, JsonObject json) throws IOException, InterruptedException {
        ToolInput input = new ToolInput(json);
        String pattern = input.requiredString("pattern");
        String shownDir = input.optionalString("path").orElse(".");
        PathMatcher matcher = FileWalk.globMatcher(pattern);
        Path dir = workspace.resolve(shownDir);
        if (!Files.isDirectory(dir)) {
            throw new ToolException("Not a directory: " + shownDir);
        }
        FileWalk.Result walk = FileWalk.files(dir);
        List<FileWalk.Entry> matches = walk.files().stream()
                .filter(entry -> matcher.matches(entry.relative()))
                .sorted(NEWEST_FIRST)
                .toList();
        if (matches.isEmpty()) {
            return "No files match " + pattern + " in " + shownDir + incompleteNote(walk);
        }
        String listing = matches.stream()
                .limit(maxResults)
                .map(entry -> workspace.display(entry.path()))
                .collect(Collectors.joining("\n"));
        if (matches.size() > maxResults) {
            listing += "\n[Showing the " + maxResults + " most recently modified of " + matches.size()
                    + " matching files; use a narrower pattern or path.]";
        }
        return listing + incompleteNote(walk);
    }

    private static String incompleteNote(FileWalk.Result walk) {
        return walk.incomplete()
                ? "\n[The search stopped after " + FileWalk.MAX_VISITED + " entries; use a narrower path.]"
                : "";
    }
}
