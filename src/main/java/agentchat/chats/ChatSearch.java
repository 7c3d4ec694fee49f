package agentchat.chats;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import agentchat.db.Database;
import agentchat.db.Page;
import agentchat.db.Rows;
import agentchat.http.Paging;
import agentchat.json.Json;
import agentchat.messages.MessageJson;
import agentchat.messages.MessageContent;
import agentchat.search.SearchText;
import io.helidon.dbclient.DbRow;
import io.helidon.dbclient.DbStatementQuery;
import jakarta.json.JsonObject;

/**
 * Finds chats by their title and the text of their messages ({@link SearchText} says what matches),
 * newest first, each with a snippet of the first hit. On MariaDB a FULLTEXT index narrows the
 * search; on H2, or for a query the index cannot narrow, the lower-cased copies are scanned.
 */
public final class ChatSearch {

    /** A hit's snippet is at most about this long (plus "…" where it was cut). */
    public static final int SNIPPET_CHARS = 200;

    /** A chat that matched, and the part of it that did. */
    public record Hit(Chat chat, String match) {
        public JsonObject toJson() {
            return chat.jsonBuilder().add("match", match).build();
        }
    }

    private final Database db;
    private final int fulltextMinTerm;

    public ChatSearch(Database db) {
        this.db = db;
        this.fulltextMinTerm = db.isMariaDb()
                ? db.execute().createNamedGet("select-fulltext-min-term").execute()
                        .map(row -> (int) Rows.number(row, "size")).orElse(SearchText.MIN_TERM)
                : SearchText.MIN_TERM;
    }

    /** Chats of {@code owner} (every chat when null) matching {@code query}, newest {@code updatedAt} first. */
    public Page<Hit> search(String owner, String query, Paging paging) {
        String lowered = SearchText.lower(query);
        Optional<String> terms = db.isMariaDb() ? SearchText.fulltextQuery(lowered, fulltextMinTerm) : Optional.empty();
        List<Hit> hits = new ArrayList<>();
        long total = 0;
        try (Stream<DbRow> rows = query(owner, lowered, terms, paging).execute()) {
            for (DbRow row : rows.toList()) {
                total = Rows.number(row, "total");
                Chat chat = ChatRepository.read(row);
                hits.add(new Hit(chat, snippet(chat, Rows.string(row, "first_content"), query)));
            }
        }
        if (hits.isEmpty() && paging.offset() > 0) {
            // past the end: the window gave no total, so ask for the first hit's row
            try (Stream<DbRow> rows = query(owner, lowered, terms, new Paging(1, 0)).execute()) {
                total = rows.findFirst().map(row -> Rows.number(row, "total")).orElse(0L);
            }
        }
        return new Page<>(hits, total);
    }

    private DbStatementQuery query(String owner, String lowered, Optional<String> terms,
                                                      Paging paging) {
        var statement = db.execute().createNamedQuery(terms.isPresent() ? "search-chats-fulltext" : "search-chats-scan")
                .addParam("pattern", SearchText.likePattern(lowered))
                .addParam("everyone", owner == null ? 1 : 0)
                .addParam("owner", owner == null ? "" : owner)
                .addParam("limit", paging.limit())
                .addParam("offset", paging.offset());
        terms.ifPresent(value -> statement.addParam("terms", value));
        return statement;
    }

    /** The title when it matches, else the text around the hit in the first message that has one. */
    private static String snippet(Chat chat, String firstContent, String query) {
        if (SearchText.matches(chat.title(), query) || firstContent == null) {
            return SearchText.snippet(chat.title(), query, SNIPPET_CHARS).orElse(chat.title());
        }
        String text = MessageContent.textOf(MessageJson.contentFromJson(Json.parseArray(firstContent), chat.id()));
        return SearchText.snippet(text, query, SNIPPET_CHARS)
                .orElseGet(() -> text.length() <= SNIPPET_CHARS ? text : text.substring(0, SNIPPET_CHARS) + "…");
    }
}
