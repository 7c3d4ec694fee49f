package agentchat.live;

/** A short chat title from the first user message: its first line, whitespace folded, cut at a word. */
final class ChatTitles {

    static final int MAX_LENGTH = 60;

    private ChatTitles() {
    }

    static String fromMessage(String text) {
        String line = text.strip().lines().filter(l -> !l.isBlank()).findFirst().orElse("").strip();
        String folded = line.replaceAll("\\s+", " ");
        if (folded.isEmpty()) {
            return null;
        }
        if (folded.codePointCount(0, folded.length()) <= MAX_LENGTH) {
            return folded;
        }
        String cut = folded.substring(0, folded.offsetByCodePoints(0, MAX_LENGTH - 1));
        int space = cut.lastIndexOf(' ');
        if (space > MAX_LENGTH / 2) {
            cut = cut.substring(0, space);
        }
        return cut.strip() + "…";
    }
}
