package io.tokenvault.crypto.control;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The embedded default key-encryption key: a Tink keyset of AES-256-GCM keys in {@code <dataDir>/keys/kek.json}.
 *
 * <p>{@link #open(Path)} creates the file on first start and reads it on every later one. The file is a cleartext
 * Tink JSON keyset: whoever reads it can unwrap every tenant keyset in the database, and losing it makes them all
 * unreadable. So it is created owner-only ({@code rw-------}, in a {@code rwx------} directory), written to a
 * temporary file, flushed to disk and then linked into place, which never overwrites an existing file; threads or
 * processes racing to create it all end up with the one that won. A file that exists but cannot be read or parsed
 * stops the start with a {@link KeyEncryptionKeyUnavailableException} rather than being replaced, and a file or
 * directory readable by others is reported as a warning (path and permissions only). Back the file up with the
 * database, separately from it. Production deployments use a KMS-backed {@link KeyEncryptionKeySource} instead.
 *
 * <p>{@link #rotate()} adds a new primary key to the file; older keys stay, so keysets wrapped before still unwrap
 * and can be rewrapped at leisure. Rotation holds an exclusive lock on {@code kek.json.lock} and replaces the file
 * atomically. Another process sharing the file picks the rotation up when it first meets a keyset wrapped by the new
 * key; until then it keeps wrapping with the previous key, which stays valid. A reloaded file is accepted only if it
 * still holds every key this instance already had.
 *
 * <p>Thread-safe. Create one instance per data directory in a JVM.
 */
public final class FileKeyEncryptionKeySource implements KeyEncryptionKeySource {

    private static final Logger LOG = Logger.getLogger(FileKeyEncryptionKeySource.class.getName());

    static final String DIRECTORY = "keys";
    static final String FILE = "kek.json";
    private static final String LOCK_FILE = "kek.json.lock";
    private static final String ID_PREFIX = "file:";
    private static final String OWNER_ONLY_FILE = "rw-------";
    private static final String OWNER_ONLY_DIRECTORY = "rwx------";
    private static final String KEEP_IT = "Every tenant keyset is wrapped by this key: restore the file from a backup"
            + " or fix its permissions; do not delete or replace it, or all stored secrets become unreadable.";

    private final Path file;
    private final Aead aead = new CurrentKek();
    private volatile Loaded loaded;

    private FileKeyEncryptionKeySource(Path file, Loaded loaded) {
        this.file = file;
        this.loaded = loaded;
    }

    /**
     * Reads the key-encryption key from {@code <dataDirectory>/keys/kek.json}, creating directory and file first if
     * they do not exist.
     *
     * @throws KeyEncryptionKeyUnavailableException if the file exists but cannot be read or is not a valid keyset,
     *         or cannot be created
     */
    public static FileKeyEncryptionKeySource open(Path dataDirectory) {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Path directory = dataDirectory.resolve(DIRECTORY);
        Path file = directory.resolve(FILE);
        try {
            createOwnerOnlyDirectory(dataDirectory, directory);
            if (Files.notExists(file, LinkOption.NOFOLLOW_LINKS)) {
                createIfAbsent(file);
            }
        } catch (IOException e) {
            throw new KeyEncryptionKeyUnavailableException(
                    "Cannot create the key-encryption key file " + file + ": " + e, e);
        }
        for (Path path : List.of(directory, file)) {
            Optional<String> problem = permissionProblem(path);
            if (problem.isPresent()) {
                LOG.warning(problem.get());
            }
        }
        return new FileKeyEncryptionKeySource(file, load(file, "Refusing to start."));
    }

    /** {@code file:} and the unsigned id of the key-encryption key's current primary key. */
    @Override
    public String kekId() {
        return loaded.kekId();
    }

    /** Wraps with the current primary key; unwraps with any key the file holds. */
    @Override
    public Aead aead() {
        return aead;
    }

    /** The key file. */
    public Path file() {
        return file;
    }

    /**
     * Adds a new AES-256-GCM key to the file and makes it primary. Keysets wrapped by older keys still unwrap; rewrap
     * them to record the new {@link #kekId()}.
     *
     * @return the new {@link #kekId()}
     * @throws KeyEncryptionKeyUnavailableException if the file cannot be read, parsed or replaced
     */
    @Override
    public boolean rotatable() {
        return true;
    }

    @Override
    public synchronized String rotate() {
        Path directory = file.getParent();
        try (FileChannel lockChannel = openLockFile(directory.resolve(LOCK_FILE));
                FileLock lock = lockChannel.lock()) {
            // Re-read under the lock: another process may have rotated since this one loaded the file.
            Loaded current = load(file, "Not rotating.");
            TinkSetup.registerAead();
            if (!current.keyIds().containsAll(loaded.keyIds())) {
                throw new KeyEncryptionKeyUnavailableException("The key-encryption key file " + file
                        + " no longer holds keys this server loaded; refusing to rotate it. " + KEEP_IT);
            }
            KeysetHandle rotated = KeysetHandle.newBuilder(current.handle())
                    .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                            .withRandomId()
                            .makePrimary())
                    .build();
            Path temp = writeOwnerOnlyTempFile(directory, serialize(rotated));
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
            syncDirectory(directory);
            loaded = load(file, "The rotated file was written but cannot be read back.");
            LOG.info(() -> "Rotated the key-encryption key in " + file + "; wrapping now uses " + loaded.kekId()
                    + ". Back the file up again, then rewrap the tenant keysets.");
            return loaded.kekId();
        } catch (OverlappingFileLockException e) {
            throw new IllegalStateException("Another rotation of " + file + " is running in this JVM", e);
        } catch (IOException e) {
            throw new KeyEncryptionKeyUnavailableException(
                    "Cannot rotate the key-encryption key in " + file + ": " + e, e);
        } catch (GeneralSecurityException e) {
            throw new KeyEncryptionKeyUnavailableException(
                    "Cannot generate a new key-encryption key for " + file, e);
        }
    }

    @Override
    public String toString() {
        return "FileKeyEncryptionKeySource[" + file + ", " + kekId() + "]";
    }

    /**
     * A description of what is wrong with {@code path}'s permissions, if anyone but its owner may access it. Empty
     * on file systems without POSIX permissions.
     */
    static Optional<String> permissionProblem(Path path) {
        if (!isPosix(path)) {
            return Optional.empty();
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
            if (permissions.stream().allMatch(p -> p.name().startsWith("OWNER_"))) {
                return Optional.empty();
            }
            boolean directory = Files.isDirectory(path);
            return Optional.of("The key-encryption key " + (directory ? "directory " : "file ") + path
                    + " has permissions " + PosixFilePermissions.toString(permissions) + ", expected owner-only "
                    + (directory ? OWNER_ONLY_DIRECTORY : OWNER_ONLY_FILE) + "; restrict it: chmod "
                    + (directory ? "700 " : "600 ") + path);
        } catch (IOException e) {
            return Optional.of("Cannot read the permissions of " + path + ": " + e);
        }
    }

    private static void createOwnerOnlyDirectory(Path dataDirectory, Path directory) throws IOException {
        Files.createDirectories(dataDirectory);
        try {
            Files.createDirectory(directory, ownerOnly(directory, OWNER_ONLY_DIRECTORY));
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(directory)) {
                throw e;
            }
        }
    }

    /** Creates the file with a new keyset unless a file of that name exists, which is left untouched. */
    static void createIfAbsent(Path file) throws IOException {
        Path directory = file.getParent();
        byte[] json;
        try {
            TinkSetup.registerAead();
            json = serialize(KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM));
        } catch (GeneralSecurityException e) {
            throw new KeyEncryptionKeyUnavailableException("Cannot generate a key-encryption key for " + file, e);
        }
        Path temp = writeOwnerOnlyTempFile(directory, json);
        try {
            if (publish(temp, file)) {
                syncDirectory(directory);
                LOG.info(() -> "Created the key-encryption key file " + file
                        + ". Back it up separately from the database: stored secrets cannot be read without it.");
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Puts the complete temporary file in place unless a file is already there; true if this call created it. */
    private static boolean publish(Path temp, Path file) throws IOException {
        try {
            // A hard link is atomic and fails if the name exists, so a file created by a racing thread or process
            // is never overwritten and no one ever sees a half-written file.
            Files.createLink(file, temp);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (UnsupportedOperationException | FileSystemException e) {
            // No hard links on this file system: a move without replacement still never overwrites, but checks
            // and renames in two steps.
            try {
                Files.move(temp, file);
                return true;
            } catch (FileAlreadyExistsException lost) {
                return false;
            }
        }
    }

    private static Path writeOwnerOnlyTempFile(Path directory, byte[] content) throws IOException {
        Path temp = Files.createTempFile(directory, FILE + ".", ".tmp", ownerOnly(directory, OWNER_ONLY_FILE));
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        } finally {
            Arrays.fill(content, (byte) 0);
        }
        return temp;
    }

    private static FileChannel openLockFile(Path lockFile) throws IOException {
        return FileChannel.open(lockFile, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                ownerOnly(lockFile.getParent(), OWNER_ONLY_FILE));
    }

    // Makes the new directory entry durable: without it a crash could lose the file after keysets were wrapped by it.
    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.log(Level.FINE, "Cannot flush directory " + directory + " on this platform", e);
        }
    }

    private static byte[] serialize(KeysetHandle handle) throws GeneralSecurityException {
        return TinkJsonProtoKeysetFormat.serializeKeyset(handle, InsecureSecretKeyAccess.get())
                .getBytes(StandardCharsets.UTF_8);
    }

    private static Loaded load(Path file, String consequence) {
        FileStamp stamp;
        byte[] content;
        try {
            stamp = FileStamp.of(file);
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new KeyEncryptionKeyUnavailableException("The key-encryption key file " + file
                    + " exists but cannot be read (" + e + "). " + consequence + " " + KEEP_IT, e);
        }
        try {
            KeysetHandle handle = TinkJsonProtoKeysetFormat.parseKeyset(
                    new String(content, StandardCharsets.UTF_8), InsecureSecretKeyAccess.get());
            Aead aead = handle.getPrimitive(TinkSetup.configuration(), Aead.class);
            return new Loaded(handle, aead, ID_PREFIX + Integer.toUnsignedString(handle.getPrimary().getId()), stamp);
        } catch (GeneralSecurityException | RuntimeException e) {
            // The cause is left out on purpose: a parser's message may quote the file, and the file is key material.
            throw new KeyEncryptionKeyUnavailableException("The key-encryption key file " + file
                    + " is corrupt: it is not a Tink JSON keyset of AEAD keys (" + e.getClass().getSimpleName()
                    + "). " + consequence + " " + KEEP_IT);
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    private static FileAttribute<?>[] ownerOnly(Path directory, String permissions) {
        if (!isPosix(directory)) {
            return new FileAttribute<?>[0];
        }
        Set<PosixFilePermission> owner = PosixFilePermissions.fromString(permissions);
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(owner)};
    }

    private static boolean isPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** Reloads the file if it changed since {@code seen} was loaded, e.g. after another process rotated it. */
    private synchronized Loaded reloadIfChanged(Loaded seen) {
        Loaded current = loaded;
        if (current != seen) {
            return current;
        }
        try {
            if (FileStamp.of(file).equals(current.stamp())) {
                return current;
            }
            Loaded fresh = load(file, "Keeping the keys loaded before.");
            if (!fresh.keyIds().containsAll(current.keyIds())) {
                LOG.severe(() -> "The key-encryption key file " + file + " changed and no longer holds keys this"
                        + " server loaded; ignoring the change. " + KEEP_IT);
                return current;
            }
            loaded = fresh;
            LOG.info(() -> "Reloaded the key-encryption key file " + file + " after a rotation; wrapping now uses "
                    + fresh.kekId());
            return fresh;
        } catch (IOException e) {
            LOG.warning(() -> "Cannot check the key-encryption key file " + file + " for a rotation: " + e);
            return current;
        } catch (KeyEncryptionKeyUnavailableException e) {
            LOG.warning(e.getMessage());
            return current;
        }
    }

    /** The keyset as read from the file, its primitive, and the file version it was read from. */
    private record Loaded(KeysetHandle handle, Aead aead, String kekId, FileStamp stamp) {

        Set<Integer> keyIds() {
            Set<Integer> ids = new HashSet<>();
            for (int i = 0; i < handle.size(); i++) {
                ids.add(handle.getAt(i).getId());
            }
            return ids;
        }
    }

    /** Identifies a version of the file: an atomic replacement changes the file key (inode) and the time. */
    private record FileStamp(Object fileKey, FileTime modified, long size) {

        static FileStamp of(Path file) throws IOException {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new FileStamp(attributes.fileKey(), attributes.lastModifiedTime(), attributes.size());
        }
    }

    /** Always uses the instance's current keyset, so callers may keep this {@code Aead} across rotations. */
    private final class CurrentKek implements Aead {

        @Override
        public byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
            return loaded.aead().encrypt(plaintext, associatedData);
        }

        @Override
        public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
            Loaded current = loaded;
            try {
                return current.aead().decrypt(ciphertext, associatedData);
            } catch (GeneralSecurityException e) {
                // The ciphertext may come from a key another process added to the file since this one read it.
                Loaded fresh = reloadIfChanged(current);
                if (fresh == current) {
                    throw e;
                }
                return fresh.aead().decrypt(ciphertext, associatedData);
            }
        }
    }
}
