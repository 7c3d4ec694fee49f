package agentchat.http;

import java.util.List;

import io.helidon.common.parameters.Parameters;

/** A boolean query parameter such as {@code ?imageData=false}: {@code true} or {@code false}, anything else is a 400. */
public final class QueryFlag {

    private QueryFlag() {
    }

    public static boolean read(Parameters query, String name, boolean whenAbsent) {
        if (!query.contains(name)) {
            return whenAbsent;
        }
        List<String> values = query.all(name);
        String value = values.isEmpty() ? "" : values.getFirst().trim();
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw ApiException.validation(name + " must be true or false");
    }
}
