package agentchat.tools;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Text file helpers shared by the tools: strict UTF-8 and a cheap binary check. */
final class TextFiles {

    private static final int SNIFF_BYTES = 8192;

    private TextFiles() {
    }

    /** True when the first few KiB hold a NUL byte, the usual sign of a binary file. */
    static boolean looksBinary(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(SNIFF_BYTES);
            for (byte b : head) {
                if (b == 0) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A reader that throws {@link java.nio.charset.MalformedInputException} on bytes that are not UTF-8. */
    static BufferedReader strictReader(Path file) throws IOException {
        return new BufferedReader(new InputStreamReader(Files.newInputStream(file), strictDecoder()));
    }

    /** The whole file as UTF-8, refusing binary content. */
    static String readStrict(Path file, String shownPath) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            return strictDecoder().decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ToolException(shownPath + " is not a UTF-8 text file");
        }
    }

    private static CharsetDecoder strictDecoder() {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    static void requireRegularFile(Path file, String shownPath) {
        if (Files.isDirectory(file)) {
            throw new ToolException(shownPath + " is a directory, not a file");
        }
        if (!Files.exists(file)) {
            throw new ToolException("File not found: " + shownPath);
        }
        if (!Files.isRegularFile(file)) {
            throw new ToolException(shownPath + " is not a regular file");
        }
    }
}
