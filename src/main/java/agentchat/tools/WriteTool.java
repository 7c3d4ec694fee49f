package agentchat.tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.json.JsonObject;

/** Creates or overwrites a file, creating missing parent directories. */
final class WriteTool implements Tool {

    @Override
    public String name() {
        return "Write";
    }

    @Override
    public String description() {
        return "Writes a UTF-8 text file in the workspace, replacing it entirely if it exists. "
                + "Missing parent directories are created. Prefer Edit to change part of an existing file.";
    }

    @Override
    public JsonObject inputSchema() {
        return JsonSchemas.object()
                .required("path", "string", "File path relative to the workspace")
                .required("content", "string", "The complete new content of the file")
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
        String content = input.requiredString("content");
        Path file = workspace.resolve(shown);
        if (Files.isDirectory(file)) {
            throw new ToolException(shown + " is a directory, not a file");
        }
        boolean existed = Files.exists(file);
        Files.createDirectories(file.getParent());
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        Files.write(file, bytes);
        return (existed ? "Overwrote " : "Created ") + workspace.display(file) + " (" + bytes.length + " bytes written)";
    }
}
