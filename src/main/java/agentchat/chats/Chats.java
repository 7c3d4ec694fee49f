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

/** Chat use cases, with visibility applied: a chat the caller may not see is exactly like a missing one. */
public final class Chats {

    private final ChatRepository repository;
    private final ChatVisibility visibility;
    private final int maxTitleLength;
    private final Clock clock;
    private final List<Consumer<String>> beforeDelete = new CopyOnWriteArrayList<>();

    public Chats(ChatRepository repository, ChatVisibility visibility, int maxTitleLength, Clock clock) {
        this.repository = repository;
        this.visibility = visibility;
        this.maxTitleLength = maxTitleLength;
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

    public Chat rename(Principal principal, String id, Optional<String> title) {
        Chat chat = get(principal, id);
        if (title.isEmpty()) {
            return chat;
        }
        repository.updateTitle(chat.id(), normalizeTitle(title.get()), clock.instant());
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

    private static boolean isUuid(String id) {
        return id != null && id.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    }
}
