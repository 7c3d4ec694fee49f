package agentchat.live;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

class ChatTitlesTest {

    @Test
    void takesTheFirstNonBlankLineWithWhitespaceFolded() {
        assertThat(ChatTitles.fromMessage("\n\n  Fix   the\tbuild  \nand more"), is("Fix the build"));
    }

    @Test
    void cutsLongLinesAtAWordWithAnEllipsis() {
        String title = ChatTitles.fromMessage("Please summarise the following meeting notes about the quarterly "
                + "planning session for the platform team");
        assertThat(title, is("Please summarise the following meeting notes about the…"));
        assertThat(title.length() <= ChatTitles.MAX_LENGTH, is(true));
    }

    @Test
    void cutsAWordlessLineAtTheLimit() {
        assertThat(ChatTitles.fromMessage("x".repeat(100)), is("x".repeat(59) + "…"));
    }

    @Test
    void keepsSurrogatePairsWhole() {
        String title = ChatTitles.fromMessage("😀".repeat(100));
        assertThat(title.codePointCount(0, title.length()), is(60));
    }

    @Test
    void blankTextGivesNoTitle() {
        assertThat(ChatTitles.fromMessage(" \n\t "), is(nullValue()));
    }
}
