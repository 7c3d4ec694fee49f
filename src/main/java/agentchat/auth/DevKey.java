package agentchat.auth;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * The key of a server with no key configured (dev profile only). It is kept in a file readable
 * only by its owner and reused at every start, so a browser that stored it keeps working across
 * restarts; configuring keys makes it unused. {@code file} is empty when it could not be kept
 * (then it is a key for this run only).
 */
public record DevKey(String key, Optional<Path> file, boolean reused) {

    private static final System.Logger LOG = System.getLogger(DevKey.class.getName());
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    /** The key kept in {@code file}, or a new one written there. */
    static DevKey loadOrCreate(Path file) {
        Optional<String> kept = read(file);
        if (kept.isPresent()) {
            ownerOnly(file);
            return new DevKey(kept.get(), Optional.of(file), true);
        }
        String key = randomKey();
        try {
            write(file, key);
            return new DevKey(key, Optional.of(file), false);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.log(Level.WARNING, "Could not keep the generated key in " + file + " (" + e.getMessage()
                    + "); it is valid for this run only");
            return new DevKey(key, Optional.empty(), false);
        }
    }

    private static Optional<String> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            String key = Files.readString(file).strip();
            if (key.matches("[A-Za-z0-9_\\-]{20,200}")) {
                return Optional.of(key);
            }
            LOG.log(Level.WARNING, "The key file " + file + " does not hold a key; writing a new one");
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Cannot read the key file " + file + " (" + e.getMessage() + "); writing a new one");
        }
        return Optional.empty();
    }

    private static void write(Path file, String key) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        FileAttribute<?>[] ownerOnly = posix()
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
        Path temporary = Files.createTempFile(parent, ".dev-api-key", ".tmp", ownerOnly);
        Files.writeString(temporary, key + "\n");
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A file written by an older version or by hand may be readable by others: it holds a key. */
    private static void ownerOnly(Path file) {
        if (!posix()) {
            return;
        }
        try {
            if (!Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
                Files.setPosixFilePermissions(file, OWNER_ONLY);
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Cannot make " + file + " readable by its owner only: " + e.getMessage());
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private static String randomKey() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return "ac_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
