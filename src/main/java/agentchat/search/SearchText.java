package agentchat.search;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a search matches, the same on every database: a text matches a query when the text,
 * lower-cased, contains the query, lower-cased ({@link Locale#ROOT}); nothing else is special.
 * Also the terms that let MariaDB's FULLTEXT index narrow such a search without missing anything.
 *
 * <p>FULLTEXT finds words by their beginning only ({@code word*}). To find text inside a word too,
 * every word is indexed as all of its suffixes (of at least {@link #MIN_TERM} characters; long words
 * in windows of {@link #WINDOW}): "othello" is indexed as "othello thello hello ello llo", so the
 * query "hell" narrows by {@code +hell*}. A query part the index may lack (too short, or a prefix of
 * one of InnoDB's default stopwords) is left out of the narrowing; a query with no part left is
 * answered by a scan.
 */
public final class SearchText {

    /** MariaDB's default innodb_ft_min_token_size: shorter terms are not indexed. */
    public static final int MIN_TERM = 3;
    /** Longer words are indexed as windows of this many characters (innodb_ft_max_token_size is 84). */
    static final int WINDOW = 32;

    /** InnoDB's default stopword list: these words are not indexed, so a term must not need them. */
    private static final List<String> STOPWORDS = List.of("a", "about", "an", "are", "as", "at", "be", "by", "com",
            "de", "en", "for", "from", "how", "i", "in", "is", "it", "la", "of", "on", "or", "that", "the", "this", "to",
            "was", "what", "when", "where", "who", "will", "with", "und", "www");

    private SearchText() {
    }

    public static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }

    /**
     * The FULLTEXT terms of a lower-cased text, space-separated: every suffix of every word, cut to
     * {@link #WINDOW} characters, without duplicates or terms that begin a longer term (a prefix
     * search for the one finds the other).
     */
    public static String terms(String lowered) {
        TreeSet<String> terms = new TreeSet<>();
        for (String word : words(lowered)) {
            for (int start = 0; start + MIN_TERM <= word.length(); start = word.offsetByCodePoints(start, 1)) {
                terms.add(cut(word, start, WINDOW));
            }
        }
        StringBuilder joined = new StringBuilder();
        String previous = null;
        for (String term : terms.descendingSet()) {
            if (previous == null || !previous.startsWith(term)) {
                if (!joined.isEmpty()) {
                    joined.append(' ');
                }
                joined.append(term);
            }
            previous = term;
        }
        return joined.toString();
    }

    /**
     * A boolean-mode query every text containing {@code loweredQuery} matches ({@code +term* ...}),
     * or empty when no part of the query can narrow the search.
     *
     * @param minTermChars the database's innodb_ft_min_token_size
     */
    public static Optional<String> fulltextQuery(String loweredQuery, int minTermChars) {
        int shortest = Math.max(MIN_TERM, minTermChars);
        Set<String> terms = new LinkedHashSet<>();
        for (String word : words(loweredQuery)) {
            String term = cut(word, 0, WINDOW);
            if (term.codePointCount(0, term.length()) >= shortest && !beginsStopword(term)) {
                terms.add("+" + term + "*");
            }
        }
        return terms.isEmpty() ? Optional.empty() : Optional.of(String.join(" ", terms));
    }

    /** A LIKE pattern, escape character {@code !}, for texts containing {@code loweredQuery} literally. */
    public static String likePattern(String loweredQuery) {
        StringBuilder pattern = new StringBuilder("%");
        for (int i = 0; i < loweredQuery.length(); i++) {
            char c = loweredQuery.charAt(i);
            if (c == '!' || c == '%' || c == '_') {
                pattern.append('!');
            }
            pattern.append(c);
        }
        return pattern.append('%').toString();
    }

    /** True when {@code text} matches {@code query} by the rule above. */
    public static boolean matches(String text, String query) {
        return lower(text).contains(lower(query));
    }

    /**
     * At most about {@code maxChars} characters of {@code text} around the first occurrence of
     * {@code query} (case-insensitive), with "…" where it was cut; empty when there is none.
     */
    public static Optional<String> snippet(String text, String query, int maxChars) {
        int at = indexOfIgnoringCase(text, query);
        if (at < 0) {
            return Optional.empty();
        }
        if (text.length() <= maxChars) {
            return Optional.of(text);
        }
        int around = Math.max(0, maxChars - query.length());
        int start = Math.max(0, at - around / 2);
        int end = Math.min(text.length(), start + Math.max(maxChars, query.length()));
        start = Math.max(0, Math.min(start, end - maxChars));
        if (start > 0 && Character.isLowSurrogate(text.charAt(start))) {
            start++;
        }
        if (end < text.length() && Character.isLowSurrogate(text.charAt(end))) {
            end--;
        }
        return Optional.of((start > 0 ? "…" : "") + text.substring(start, end) + (end < text.length() ? "…" : ""));
    }

    private static int indexOfIgnoringCase(String text, String query) {
        String lowered = lower(text);
        if (lowered.length() == text.length()) {
            return lowered.indexOf(lower(query));
        }
        // lower-casing changed the length (e.g. U+0130): positions no longer line up, compare in place
        for (int i = 0; i + query.length() <= text.length(); i++) {
            if (text.regionMatches(true, i, query, 0, query.length())) {
                return i;
            }
        }
        return -1;
    }

    /** Runs of letters and digits of the scripts whose characters MariaDB surely keeps inside a word. */
    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        int start = -1;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            boolean word = isWordChar(cp);
            if (word && start < 0) {
                start = i;
            } else if (!word && start >= 0) {
                words.add(text.substring(start, i));
                start = -1;
            }
            i += Character.charCount(cp);
        }
        if (start >= 0) {
            words.add(text.substring(start));
        }
        return words;
    }

    /**
     * Letters and digits of Latin, Greek, Cyrillic, kana, CJK and Hangul. Anything else separates
     * words here, on both sides (index and query), so a character InnoDB might split a word at never
     * ends up inside a term; text in other scripts is still found, by a scan.
     */
    static boolean isWordChar(int cp) {
        if (!Character.isLetterOrDigit(cp)) {
            return false;
        }
        return cp < 0x0250
                || (cp >= 0x0370 && cp <= 0x04FF)
                || (cp >= 0x3040 && cp <= 0x30FF)
                || (cp >= 0x3400 && cp <= 0x4DBF)
                || (cp >= 0x4E00 && cp <= 0x9FFF)
                || (cp >= 0xAC00 && cp <= 0xD7AF);
    }

    private static String cut(String word, int start, int codePoints) {
        int end = start;
        for (int n = 0; n < codePoints && end < word.length(); n++) {
            end = word.offsetByCodePoints(end, 1);
        }
        return word.substring(start, end);
    }

    private static boolean beginsStopword(String term) {
        return STOPWORDS.stream().anyMatch(stopword -> stopword.startsWith(term));
    }
}
