package agentchat.json;

/** Checks on user-supplied text that JSON alone lets through. */
public final class Texts {

    private Texts() {
    }

    /** The first {@code max} characters, with "…" when there were more: for echoing input in errors. */
    public static String abbreviate(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max) + "…";
    }

    /**
     * True when the text is well-formed Unicode (no unpaired surrogates, which JSON's \\u escapes can
     * produce but no database column can store faithfully) and has no NUL characters.
     */
    public static boolean isStorable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
