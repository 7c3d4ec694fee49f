package agentchat.tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.json.JsonObject;

/** Replaces an exact string in a file: once (it must be unique) or everywhere. */
final class EditTool implements Tool {

    private static final long MAX_FILE_BYTES = 16L * 1024 * 1024;

    @Override
    public String name() {
        return "Edit";
    }

    @Override
    public String description() {
        return "Edits a text file in the workspace by replacing an exact string (whitespace and indentation "
                + "must match exactly; no regular expressions). old_string must occur exactly once unless "
                + "replace_all is true; include enough surrounding lines to make it unique. "
                + "Use Write to create a new file.";
    }

    @Override
    public JsonObject inputSchema() {
        return JsonSchemas.object()
                .required("path", "string", "File path relative to the workspace")
                .required("old_string", "string", "The exact text to replace")
                .required("new_string", "string", "The text to put in its place")
                .optional("replace_all", "boolean", "Replace every occurrence instead of exactly one (default false)")
                .build();
    }

    @Override
    public boolean writes() {
        return true;
    }

    @Override
    public String run(Workspace workspace, JsonObject json) throws IOException {
        ToolInput input = new ToolInput(json);
        String shown = input.requiredString("path");
        String oldString = input.requiredString("old_string");
        String newString = input.requiredString("new_string");
        boolean replaceAll = input.optionalBoolean("replace_all");
        if (oldString.isEmpty()) {
            throw new ToolException("old_string must not be empty (use Write to create or replace a whole file)");
        }
        if (oldString.equals(newString)) {
            throw new ToolException("old_string and new_string are identical; nothing to change");
        }
        Path file = workspace.resolve(shown);
        TextFiles.requireRegularFile(file, shown);
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw new ToolException(shown + " is larger than " + MAX_FILE_BYTES / (1024 * 1024) + " MiB; too large to edit");
        }
        String content = TextFiles.readStrict(file, shown);
        int occurrences = countOccurrences(content, oldString);
        if (occurrences == 0) {
            throw new ToolException("old_string was not found in " + shown
                    + "; it must match the file exactly, including whitespace (Read the file first)");
        }
        if (occurrences > 1 && !replaceAll) {
            throw new ToolException("old_string occurs " + occurrences + " times in " + shown
                    + "; add surrounding context to make it unique, or set replace_all to true");
        }
        String updated = replaceAll
                ? content.replace(oldString, newString)
                : replaceFirst(content, oldString, newString);
        Files.writeString(file, updated, StandardCharsets.UTF_8);
        return "Replaced " + occurrences + (occurrences == 1 ? " occurrence" : " occurrences")
                + " in " + workspace.display(file);
    }

    private static String replaceFirst(String content, String oldString, String newString) {
        int at = content.indexOf(oldString);
        return content.substring(0, at) + newString + content.substring(at + oldString.length());
    }

    private static int countOccurrences(String content, String needle) {
        int count = 0;
        for (int at = content.indexOf(needle); at >= 0; at = content.indexOf(needle, at + needle.length())) {
            count++;
        }
        return count;
    }
}
