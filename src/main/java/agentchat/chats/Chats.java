package agentchat.chats;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import agentchat.auth.Principal;
import agentchat.db.Page;
import agentchat.http.ApiException;
import agentchat.http.Paging;
import agentchat.json.Texts;
import agentchat.models.ModelChoices;

/** Chat use cases, with visibility applied: a chat the caller may not see is exactly like a missing one. */
public final class Chats {

    /** A search query is at most this long, so that a hit's snippet can show all of it. */
    public static final int MAX_QUERY_CHARS = ChatSearch.SNIPPET_CHARS;

    private final ChatRepository repository;
    private final ChatSearch search;
    private final ChatVisibility visibility;
    private final int maxTitleLength;
    private final ModelChoices models;
    private final int maxSystemPromptLength;
    private final Clock clock;
    private final List<Consumer<String>> beforeDelete = new CopyOnWriteArrayList<>();

    public Chats(ChatRepository repository, ChatSearch search, ChatVisibility visibility, int maxTitleLength,
                 ModelChoices models, int maxSystemPromptLength, Clock clock) {
        this.repository = repository;
        this.search = search;
        this.visibility = visibility;
        this.maxTitleLength = maxTitleLength;
        this.models = models;
        this.maxSystemPromptLength = maxSystemPromptLength;
        this.clock = clock;
    }

    /** Runs before a chat's rows are deleted, e.g. to stop its generation and close its sockets. */
    public void onDelete(Consumer<String> listener) {
        beforeDelete.add(listener);
    }

    public Chat create(Principal principal, Optional<String> title) {
        return repository.insert(principal.name(), normalizeTitle(title.orElse("")), clock.instant());
    }

    public Page<Chat> list(Principal principal, Paging paging) {
        return repository.list(visibility == ChatVisibility.ALL ? null : principal.name(), paging);
    }

    /** Chats the principal may see whose title or message text contains {@code query}; see {@link ChatSearch}. */
    public Page<ChatSearch.Hit> search(Principal principal, String query, Paging paging) {
        if (!Texts.isStorable(query)) {
            throw ApiException.validation("q must be valid Unicode without NUL characters");
        }
        if (query.codePointCount(0, query.length()) > MAX_QUERY_CHARS) {
            throw ApiException.validation("q must be at most " + MAX_QUERY_CHARS + " characters");
        }
        return search.search(visibility == ChatVisibility.ALL ? null : principal.name(), query, paging);
    }

    /** The chat if it exists and the principal may see it. */
    public Optional<Chat> find(Principal principal, String id) {
        if (!isUuid(id)) {
            return Optional.empty();
        }
        return repository.findById(id).filter(chat -> visibility == ChatVisibility.ALL
                || chat.owner().equals(principal.name()));
    }

    public Chat get(Principal principal, String id) {
        return find(principal, id).orElseThrow(() -> ApiException.notFound("Chat"));
    }

    /** Validates every change first, so that a bad one changes nothing; then applies them together. */
    public Chat update(Principal principal, String id, ChatChanges changes) {
        Chat chat = get(principal, id);
        ChatChanges valid = new ChatChanges(
                changes.title().map(this::normalizeTitle),
                changes.model().map(model -> model.map(this::checkModel)),
                changes.systemPrompt().map(prompt -> prompt.flatMap(this::normalizeSystemPrompt)));
        if (valid.isEmpty()) {
            return chat;
        }
        repository.update(chat.id(), valid, clock.instant());
        return get(principal, id);
    }

    public void delete(Principal principal, String id) {
        Chat chat = get(principal, id);
        beforeDelete.forEach(listener -> listener.accept(chat.id()));
        repository.delete(chat.id());
    }

    /** Trimmed; blank becomes the default title; longer than the limit is a validation error. */
    public String normalizeTitle(String title) {
        String trimmed = title.strip();
        if (trimmed.isEmpty()) {
            return Chat.DEFAULT_TITLE;
        }
        if (!Texts.isStorable(trimmed)) {
            throw ApiException.validation("title must be valid Unicode without NUL characters");
        }
        if (trimmed.codePointCount(0, trimmed.length()) > maxTitleLength) {
            throw ApiException.validation("title must be at most " + maxTitleLength + " characters");
        }
        return trimmed;
    }

    private String checkModel(String model) {
        if (!models.offers(model)) {
            throw ApiException.validation("model " + Texts.abbreviate(model, 80)
                    + " is not offered by this server; GET /api/models lists the models a chat may use");
        }
        return model;
    }

    /** Blank means "no prompt of its own" (the default); longer than the limit is a validation error. */
    private Optional<String> normalizeSystemPrompt(String prompt) {
        if (prompt.isBlank()) {
            return Optional.empty();
        }
        if (!Texts.isStorable(prompt)) {
            throw ApiException.validation("systemPrompt must be valid Unicode without NUL characters");
        }
        if (prompt.codePointCount(0, prompt.length()) > maxSystemPromptLength) {
            throw ApiException.validation("systemPrompt must be at most " + maxSystemPromptLength + " characters");
        }
        return Optional.of(prompt);
    }

    private static boolean isUuid(String id) {
        return id != null && id.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    }
}
