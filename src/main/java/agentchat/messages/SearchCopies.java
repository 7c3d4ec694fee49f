package agentchat.messages;

import java.util.List;
import java.util.stream.Collectors;

import agentchat.search.SearchText;

/**
 * What search reads of a message, written with it: its text parts, lower-cased ({@code ''} when it
 * has none), and on MariaDB the FULLTEXT terms of that text (see {@link SearchText}).
 */
record SearchCopies(String text, String terms) {

    /** A message being streamed: not searchable until it is finished. */
    static final SearchCopies NONE = new SearchCopies(null, null);

    static SearchCopies of(List<MessageContent> content, boolean withTerms) {
        String text = SearchText.lower(MessageContent.textOf(content));
        return new SearchCopies(text, withTerms ? SearchText.terms(text) : null);
    }
}
