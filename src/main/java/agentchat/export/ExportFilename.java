package agentchat.export;

import java.nio.charset.StandardCharsets;

/**
 * The {@code Content-Disposition} of an export: {@code attachment} with a file name made from the
 * chat's title, as plain ASCII ({@code filename}) and exactly ({@code filename*}, RFC 6266 / 5987).
 */
final class ExportFilename {

    private static final int MAX_NAME_CHARS = 80;

    private ExportFilename() {
    }

    static String contentDisposition(String title, String extension) {
        String exact = exactName(title);
        return "attachment; filename=\"" + asciiName(title) + "." + extension + "\"; filename*=UTF-8''"
                + percentEncode(exact + "." + extension);
    }

    /** Letters, digits, dot, dash and underscore; anything else becomes '_'; "chat" when nothing is left. */
    static String asciiName(String title) {
        String name = title.replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("^[._]+|[._]+$", "");
        name = name.length() > MAX_NAME_CHARS ? name.substring(0, MAX_NAME_CHARS) : name;
        return name.isEmpty() ? "chat" : name;
    }

    /** The title without what file systems refuse (path separators, control and reserved characters). */
    static String exactName(String title) {
        // leading dots hide a file, trailing dots and spaces are dropped by Windows
        String name = title.replaceAll("[\\p{Cntrl}/\\\\:*?\"<>|]+", "_").strip().replaceAll("^\\.+|[. ]+$", "");
        if (name.codePointCount(0, name.length()) > MAX_NAME_CHARS) {
            name = name.substring(0, name.offsetByCodePoints(0, MAX_NAME_CHARS));
        }
        return name.isEmpty() ? "chat" : name;
    }

    /** RFC 5987 attr-char stays, every other byte of the UTF-8 becomes %XX. */
    static String percentEncode(String value) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "!#$&+-.^_`|~".indexOf(c) >= 0) {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return encoded.toString();
    }
}
