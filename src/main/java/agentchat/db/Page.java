package agentchat.db;

import java.util.List;

/** One page of a list and the full count behind it. */
public record Page<T>(List<T> items, long total) {
}
