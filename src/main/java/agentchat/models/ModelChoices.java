package agentchat.models;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.helidon.config.Config;

/**
 * The models a chat may pick: {@code agent.models} ({@code AGENT_MODELS}, a comma list or a YAML
 * list), always with the default model {@code agent.model} among them (first when the list lacks it).
 */
public record ModelChoices(String provider, String defaultModel, List<String> ids) {

    /** The column holding a chat's model is this wide. */
    static final int MAX_ID_LENGTH = 200;

    public ModelChoices {
        ids = List.copyOf(ids);
        if (!ids.contains(defaultModel)) {
            throw new IllegalArgumentException("the default model must be one of the choices: " + defaultModel);
        }
    }

    /** Reads {@code agent.models} beside the provider and default model already settled. */
    public static ModelChoices from(Config models, String provider, String defaultModel) {
        Set<String> ids = new LinkedHashSet<>();
        ids.add(defaultModel);
        for (String id : configured(models)) {
            if (id.length() > MAX_ID_LENGTH) {
                throw new IllegalArgumentException("agent.models: a model id is longer than " + MAX_ID_LENGTH
                        + " characters: " + id.substring(0, 40) + "…");
            }
            ids.add(id);
        }
        return new ModelChoices(provider, defaultModel, new ArrayList<>(ids));
    }

    private static List<String> configured(Config models) {
        List<String> raw = switch (models.type()) {
            case MISSING -> List.of();
            case VALUE -> Arrays.asList(models.asString().get().split(","));
            // an object with keys 0, 1, ... (a YAML list after the config loader flattened it) is a list too
            case LIST, OBJECT -> models.asList(String.class).get();
        };
        return raw.stream().map(String::strip).filter(id -> !id.isEmpty()).toList();
    }

    public boolean offers(String id) {
        return ids.contains(id);
    }

    /**
     * The model a turn of a chat asks for: the chat's own while it is still offered, else null (the
     * default), so that a model taken off the list does not leave its chats failing upstream.
     */
    public String forTurn(String chatModel) {
        return chatModel != null && offers(chatModel) ? chatModel : null;
    }
}
