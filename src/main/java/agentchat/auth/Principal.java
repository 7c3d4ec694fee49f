package agentchat.auth;

/** Who is calling: the name of a configured key, or for an unnamed key a digest-derived id. */
public record Principal(String name) {
}
