package agentchat.tools;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

import jakarta.json.JsonObject;

/** Shows a text file with line numbers, like {@code cat -n}, optionally a range of lines. */
final class ReadTool implements Tool {

    private static final int NOTE_ROOM = 300;

    private final int maxBytes;
    private final int maxChars;

    ReadTool(ToolSettings settings) {
        this.maxBytes = settings.readMaxBytes();
        // Stop before the runner's output cap so the continuation note is never cut off.
        this.maxChars = Math.max(1000, settings.outputMaxChars() - NOTE_ROOM);
    }

    @Override
    public String name() {
        return "Read";
    }

    @Override
    public String description() {
        return "Reads a UTF-8 text file from the workspace and returns its lines numbered from 1 "
                + "(format: line number, tab, text). Use offset and limit to read part of a long file; "
                + "long output is cut with a note telling which offset to continue from. "
                + "Binary files and directories are refused (use Glob to list files).";
    }

    @Override
    public JsonObject inputSchema() {
        return JsonSchemas.object()
                .required("path", "string", "File path relative to the workspace")
                .optional("offset", "integer", "First line to return, 1-based (default 1)")
                .optional("limit", "integer", "Most lines to return (default: as many as fit)")
                .build();
    }

    @Override
    public boolean writes() {
        return false;
    }

    @Override
    public String run(Workspace workspace, JsonObject json) throws IOException, InterruptedException {
        ToolInput input = new ToolInput(json);
        String shown = input.requiredString("path");
        int offset = input.optionalInt("offset").orElse(1);
        Optional<Integer> limit = input.optionalInt("limit");
        if (offset < 1) {
            throw new ToolException("offset must be 1 or more (lines are numbered from 1)");
        }
        if (limit.isPresent() && limit.get() < 1) {
            throw new ToolException("limit must be 1 or more");
        }
        Path file = workspace.resolve(shown);
        TextFiles.requireRegularFile(file, shown);
        if (TextFiles.looksBinary(file)) {
            throw new ToolException(shown + " is a binary file (it contains NUL bytes); Read shows text files only");
        }
        try (BufferedReader reader = TextFiles.strictReader(file)) {
            return numberedLines(reader, shown, offset, limit.orElse(Integer.MAX_VALUE));
        } catch (MalformedInputException e) {
            throw new ToolException(shown + " is not a UTF-8 text file; Read shows text files only");
        }
    }

    private String numberedLines(BufferedReader reader, String shown, int offset, int limit)
            throws IOException, InterruptedException {
        StringBuilder out = new StringBuilder();
        long bytes = 0;
        int lineNumber = 0;
        int shownLines = 0;
        int lineCap = Math.min(maxBytes, maxChars);
        Line line;
        while ((line = Line.read(reader, lineCap)) != null) {
            lineNumber++;
            if (lineNumber < offset) {
                continue;
            }
            if (shownLines == limit) {
                break;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            String text = line.cut() ? line.text() + " ... [line cut]" : line.text();
            String numbered = String.format("%6d\t%s\n", lineNumber, text);
            long lineBytes = line.text().getBytes(StandardCharsets.UTF_8).length + 1L; // with its newline
            if (shownLines > 0 && (bytes + lineBytes > maxBytes || out.length() + numbered.length() > maxChars)) {
                out.append("\n[Output stopped at the size limit after line ").append(lineNumber - 1)
                        .append("; call Read again with offset=").append(lineNumber).append(" to continue.]");
                return out.toString();
            }
            out.append(numbered);
            bytes += lineBytes;
            shownLines++;
        }
        if (lineNumber == 0) {
            return "(" + shown + " is empty)";
        }
        if (shownLines == 0) {
            return "(" + shown + " has only " + lineNumber + " lines; nothing at offset " + offset + ")";
        }
        return out.toString();
    }

    /** One line without its terminator; {@code cut} when it was longer than the cap (the rest is skipped). */
    private record Line(String text, boolean cut) {

        static Line read(BufferedReader reader, int cap) throws IOException {
            StringBuilder text = new StringBuilder();
            boolean cut = false;
            int c;
            while ((c = reader.read()) != -1) {
                if (c == '\n') {
                    return new Line(stripCarriageReturn(text), cut);
                }
                if (text.length() < cap) {
                    text.append((char) c);
                } else {
                    cut = true;
                }
            }
            return text.isEmpty() && !cut ? null : new Line(stripCarriageReturn(text), cut);
        }

        private static String stripCarriageReturn(StringBuilder text) {
            int end = text.length();
            return end > 0 && text.charAt(end - 1) == '\r' ? text.substring(0, end - 1) : text.toString();
        }
    }
}
