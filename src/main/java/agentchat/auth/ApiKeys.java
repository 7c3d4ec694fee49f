package agentchat.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The configured API keys. Each is kept only as its SHA-256 digest; a presented key is hashed and
 * compared against every configured digest in constant time, without stopping at the first match.
 */
public final class ApiKeys {

    private final List<Entry> entries;

    private ApiKeys(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** One configured key: {@code key} is plain or {@code sha256:<hex>}; {@code name} may be null. */
    public record KeySpec(String name, String key) {
    }

    private record Entry(Principal principal, byte[] digest) {
    }

    public static ApiKeys of(List<KeySpec> specs) {
        return new ApiKeys(specs.stream().map(ApiKeys::entry).toList());
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public int size() {
        return entries.size();
    }

    public Optional<Principal> authenticate(String presented) {
        if (presented == null || presented.isEmpty()) {
            return Optional.empty();
        }
        byte[] digest = sha256(presented);
        Principal match = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.digest(), digest) && match == null) {
                match = entry.principal();
            }
        }
        return Optional.ofNullable(match);
    }

    private static Entry entry(KeySpec spec) {
        String key = spec.key() == null ? "" : spec.key().trim();
        if (key.isEmpty()) {
            throw new IllegalArgumentException("An API key entry has no key" + (spec.name() == null ? "" : " (name " + spec.name() + ")"));
        }
        byte[] digest;
        if (key.regionMatches(true, 0, "sha256:", 0, 7)) {
            String hex = key.substring(7);
            if (!hex.matches("[0-9a-fA-F]{64}")) {
                throw new IllegalArgumentException("A sha256: API key must be followed by 64 hex digits"
                        + (spec.name() == null ? "" : " (name " + spec.name() + ")"));
            }
            digest = HexFormat.of().parseHex(hex);
        } else {
            digest = sha256(key);
        }
        String name = spec.name() == null || spec.name().isBlank()
                ? "key-" + HexFormat.of().formatHex(digest, 0, 6)
                : spec.name().trim();
        return new Entry(new Principal(name), digest);
    }

    static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
