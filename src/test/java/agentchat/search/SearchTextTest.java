package agentchat.search;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.is;

class SearchTextTest {

    private static List<String> terms(String text) {
        return Arrays.asList(SearchText.terms(SearchText.lower(text)).split(" "));
    }

    @Test
    void everyWordIsIndexedAsItsSuffixesOfThreeOrMoreCharacters() {
        assertThat(terms("Othello"), containsInAnyOrder("othello", "thello", "hello", "ello", "llo"));
    }

    @Test
    void aTermThatBeginsAnotherIsLeftOutAsThePrefixSearchFindsBoth() {
        // "test" begins "testing"; "est" begins "esting"; "ing" is only itself
        assertThat(terms("test testing"), containsInAnyOrder("testing", "esting", "sting", "ting", "ing"));
    }

    @Test
    void longWordsAreIndexedInWindowsSoEveryPositionCanStillBeFound() {
        String word = "a".repeat(10) + "b".repeat(40);
        List<String> terms = terms(word);
        assertThat(terms.stream().allMatch(term -> term.length() <= SearchText.WINDOW), is(true));
        assertThat(terms.contains("a".repeat(10) + "b".repeat(22)), is(true));
        assertThat(terms.contains("b".repeat(32)), is(true));
    }

    @Test
    void punctuationAndUnknownScriptsSeparateWords() {
        assertThat(terms("foo_bar-baz مرحبا"), containsInAnyOrder("foo", "bar", "baz"));
    }

    @Test
    void theQueryNarrowsByEveryPartTheIndexSurelyHas() {
        assertThat(SearchText.fulltextQuery("quick brown fox", 3), is(Optional.of("+quick* +brown* +fox*")));
        assertThat(SearchText.fulltextQuery("c:\\tmp\\x_y", 3), is(Optional.of("+tmp*")));
        assertThat(SearchText.fulltextQuery("about the whe", 3), is(Optional.empty()));
        assertThat(SearchText.fulltextQuery("ok", 3), is(Optional.empty()));
        assertThat(SearchText.fulltextQuery("four", 5), is(Optional.empty()));
        assertThat(SearchText.fulltextQuery("x".repeat(50), 3), is(Optional.of("+" + "x".repeat(32) + "*")));
    }

    @Test
    void likeWildcardsAndTheEscapeCharacterAreEscaped() {
        assertThat(SearchText.likePattern("50% a_b!"), is("%50!% a!_b!!%"));
        assertThat(SearchText.likePattern("c:\\x 'q\""), is("%c:\\x 'q\"%"));
    }

    @Test
    void aSnippetKeepsTheTextAroundTheFirstHitInItsOwnCase() {
        String text = "x".repeat(300) + " The NEEDLE here " + "y".repeat(300);
        String snippet = SearchText.snippet(text, "needle", 200).orElseThrow();
        assertThat(snippet.contains("The NEEDLE here"), is(true));
        assertThat(snippet.startsWith("…") && snippet.endsWith("…"), is(true));
        assertThat(snippet.length(), is(202));
        assertThat(SearchText.snippet("short text", "TEXT", 200), is(Optional.of("short text")));
        assertThat(SearchText.snippet("short text", "none", 200), is(Optional.empty()));
    }

    @Test
    void aHitAtTheStartOrEndIsNotCutOff() {
        String text = "needle " + "z".repeat(500) + " tail";
        assertThat(SearchText.snippet(text, "NEEDLE", 200).orElseThrow().startsWith("needle"), is(true));
        assertThat(SearchText.snippet(text, "tail", 200).orElseThrow().endsWith(" tail"), is(true));
    }

    @Test
    void aSnippetNeverSplitsASurrogatePair() {
        String text = "😀".repeat(300) + "needle" + "😀".repeat(300);
        String snippet = SearchText.snippet(text, "needle", 200).orElseThrow();
        String inner = snippet.substring(1, snippet.length() - 1);
        assertThat(Character.isLowSurrogate(inner.charAt(0)), is(false));
        assertThat(Character.isHighSurrogate(inner.charAt(inner.length() - 1)), is(false));
    }

    @Test
    void matchingLowerCasesBothSides() {
        assertThat(SearchText.matches("Straße CAFÉ", "café"), is(true));
        assertThat(SearchText.matches("Straße CAFÉ", "cafe"), is(false));
    }
}
