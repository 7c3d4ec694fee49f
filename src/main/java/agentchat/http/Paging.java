package agentchat.http;

import java.util.List;

import io.helidon.common.parameters.Parameters;

/** {@code ?limit&offset} of a list route: limit 1..max (default given), offset >= 0 (default 0). */
public record Paging(int limit, int offset) {

    public static Paging from(Parameters query, int defaultLimit, int maxLimit) {
        int limit = intParam(query, "limit", defaultLimit, 1, maxLimit);
        int offset = intParam(query, "offset", 0, 0, Integer.MAX_VALUE);
        return new Paging(limit, offset);
    }

    private static int intParam(Parameters query, String name, int defaultValue, int min, int max) {
        if (!query.contains(name)) {
            return defaultValue;
        }
        List<String> values = query.all(name);
        String raw = values.isEmpty() ? "" : values.getFirst().trim();
        long value;
        try {
            value = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw ApiException.validation(name + " must be an integer between " + min + " and " + max);
        }
        if (value < min || value > max) {
            throw ApiException.validation(name + " must be an integer between " + min + " and " + max);
        }
        return (int) value;
    }
}
