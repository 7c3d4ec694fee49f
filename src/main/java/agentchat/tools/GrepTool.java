package agentchat.tools;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import jakarta.json.JsonObject;

/** Searches file contents with a Java regular expression. */
final class GrepTool implements Tool {

    private static final int MAX_LINE_CHARS = 300;
    private static final long MAX_FILE_BYTES = 10L * 1024 * 1024;

    private final int maxMatches;

    GrepTool(ToolSettings settings) {
        this.maxMatches = settings.grepMaxMatches();
    }

    @Override
    public String name() {
        return "Grep";
    }

    @Override
    public String description() {
        return "Searches the contents of text files in the workspace for a Java regular expression "
                + "(matched anywhere in a line). Returns matching lines as \"path:line: text\", files in path "
                + "order, long lines shortened. Binary files, files over 10 MiB and symbolic links are skipped. "
                + "Narrow the search with path (a directory or file) and glob (e.g. \"*.java\" for file names, "
                + "\"src/**/*.java\" for paths).";
    }

    @Override
    public JsonObject inputSchema() {
        return JsonSchemas.object()
                .required("pattern", "string", "Java regular expression, e.g. \"class\\\\s+\\\\w+Service\"")
                .optional("path", "string", "File or directory to search, relative to the workspace (default: the workspace)")
                .optional("glob", "string", "Only search files matching this glob; without a / it matches the file name")
                .optional("case_insensitive", "boolean", "Ignore case (default false)")
                .build();
    }

    @Override
    public boolean writes() {
        return false;
    }

    @Override
    public String run(Workspace workspace, JsonObject json) throws IOException, InterruptedException {
        ToolInput input = new ToolInput(json);
        Pattern pattern = compile(input.requiredString("pattern"), input.optionalBoolean("case_insensitive"));
        String shownPath = input.optionalString("path").orElse(".");
        PathMatcher glob = input.optionalString("glob").map(FileWalk::globMatcher).orElse(null);
        boolean globOnName = input.optionalString("glob").map(g -> !g.contains("/")).orElse(false);
        Path start = workspace.resolve(shownPath);
        if (!Files.exists(start)) {
            throw new ToolException("Not found: " + shownPath);
        }
        List<Path> files = new ArrayList<>();
        boolean incomplete = false;
        if (Files.isDirectory(start)) {
            FileWalk.Result walk = FileWalk.files(start);
            incomplete = walk.incomplete();
            walk.files().stream()
                    .filter(entry -> entry.attributes().isRegularFile())
                    .filter(entry -> glob == null
                            || glob.matches(globOnName ? entry.relative().getFileName() : entry.relative()))
                    .sorted(Comparator.comparing(entry -> FileWalk.slashed(entry.relative())))
                    .forEach(entry -> files.add(entry.path()));
        } else {
            files.add(start);
        }

        Search search = new Search(pattern);
        for (Path file : files) {
            if (search.matches.size() >= maxMatches) {
                search.capped = true;
                break;
            }
            search.file(file, workspace.display(file));
        }
        return search.report(pattern.pattern(), shownPath, incomplete);
    }

    private static Pattern compile(String regex, boolean caseInsensitive) {
        try {
            return Pattern.compile(regex, caseInsensitive ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
        } catch (PatternSyntaxException e) {
            throw new ToolException("Invalid regular expression: " + e.getDescription()
                    + (e.getIndex() >= 0 ? " near index " + e.getIndex() : "") + " in " + regex);
        }
    }

    /** The state of one search: matches found so far and files skipped. */
    private final class Search {
        private final Pattern pattern;
        private final List<String> matches = new ArrayList<>();
        private int searched;
        private int skipped;
        private boolean capped;

        Search(Pattern pattern) {
            this.pattern = pattern;
        }

        void file(Path file, String shown) throws IOException, InterruptedException {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            if (Files.size(file) > MAX_FILE_BYTES || TextFiles.looksBinary(file)) {
                skipped++;
                return;
            }
            List<String> found = new ArrayList<>();
            try (BufferedReader reader = TextFiles.strictReader(file)) {
                Matcher matcher = pattern.matcher("");
                String line;
                int number = 0;
                while ((line = reader.readLine()) != null && matches.size() + found.size() < maxMatches) {
                    number++;
                    if (matcher.reset(line).find()) {
                        found.add(shown + ":" + number + ": " + shorten(line));
                    }
                }
                capped |= line != null;
            } catch (MalformedInputException e) {
                skipped++;
                return;
            }
            searched++;
            matches.addAll(found);
        }

        String report(String regex, String shownPath, boolean incomplete) {
            StringBuilder out = new StringBuilder();
            if (matches.isEmpty()) {
                out.append("No matches for ").append(regex).append(" in ").append(shownPath)
                        .append(" (").append(searched).append(searched == 1 ? " file" : " files").append(" searched)");
            } else {
                out.append(String.join("\n", matches));
            }
            if (capped) {
                out.append("\n[Stopped after ").append(maxMatches).append(" matches; narrow the pattern, path or glob.]");
            }
            if (skipped > 0) {
                out.append("\n[").append(skipped).append(skipped == 1 ? " file" : " files")
                        .append(" skipped: binary, not UTF-8 or larger than 10 MiB.]");
            }
            if (incomplete) {
                out.append("\n[The search stopped after ").append(FileWalk.MAX_VISITED)
                        .append(" entries; use a narrower path.]");
            }
            return out.toString();
        }

        private static String shorten(String line) {
            return line.length() <= MAX_LINE_CHARS ? line : line.substring(0, MAX_LINE_CHARS) + " ... [line cut]";
        }
    }
}
