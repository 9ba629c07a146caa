package dev.vmm.update.internal;

import dev.vmm.update.KeyId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The key file formats of {@code docs/update-package.md}: a first line naming the kind, then
 * {@code field: value} lines, UTF-8 with LF endings. The id is stored to be read by people and
 * checked against the key on load.
 */
public final class KeyFiles {
  static final String PUBLIC_HEADER = "vmm-update ed25519 public key";
  static final String PRIVATE_HEADER = "vmm-update ed25519 private key";
  private static final int MAX_FILE_LENGTH = 4096;

  private KeyFiles() {}

  public static void writePublic(Path file, PublicKey key) throws IOException {
    String text = PUBLIC_HEADER + "\n" + "id: " + Ed25519.idOf(key) + "\n" + "public: " + base64(key.getEncoded()) + "\n";
    Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
  }

  /**
   * Creates the file with owner-only permissions from the start (on POSIX file systems), so the
   * private key is never readable by others, not even between create and chmod.
   */
  public static void writePrivate(Path file, KeyPair pair) throws IOException {
    String text = PRIVATE_HEADER + "\n" + "id: " + Ed25519.idOf(pair.getPublic()) + "\n" + "public: "
        + base64(pair.getPublic().getEncoded()) + "\n" + "private: " + base64(pair.getPrivate().getEncoded()) + "\n";
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    FileAttribute<?>[] attributes = posix
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
        : new FileAttribute<?>[0];
    Files.createFile(file, attributes);
    Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
  }

  public static PublicKey readPublic(Path file) throws IOException {
    Map<String, String> fields = read(file, PUBLIC_HEADER);
    return checkedPublicKey(file, fields);
  }

  public static KeyPair readPrivate(Path file) throws IOException {
    Map<String, String> fields = read(file, PRIVATE_HEADER);
    PublicKey publicKey = checkedPublicKey(file, fields);
    PrivateKey privateKey;
    try {
      privateKey = Ed25519.privateKey(decode(file, fields, "private"));
    } catch (GeneralSecurityException e) {
      throw new IOException(file + ": 'private' is not an Ed25519 PKCS#8 key", e);
    }
    byte[] probe = "vmm-update key pair check".getBytes(StandardCharsets.US_ASCII);
    if (!Ed25519.verify(publicKey, probe, Ed25519.sign(privateKey, probe))) {
      throw new IOException(file + ": the private key does not belong to public key " + Ed25519.idOf(publicKey));
    }
    return new KeyPair(publicKey, privateKey);
  }

  private static PublicKey checkedPublicKey(Path file, Map<String, String> fields) throws IOException {
    PublicKey key;
    try {
      key = Ed25519.publicKey(decode(file, fields, "public"));
    } catch (GeneralSecurityException e) {
      throw new IOException(file + ": 'public' is not an Ed25519 X.509 key", e);
    }
    KeyId actual = Ed25519.idOf(key);
    String stated = require(file, fields, "id");
    if (!actual.hex().equals(stated)) {
      throw new IOException(file + ": id " + stated + " does not match the key, whose id is " + actual);
    }
    return key;
  }

  private static Map<String, String> read(Path file, String header) throws IOException {
    if (Files.size(file) > MAX_FILE_LENGTH) {
      throw new IOException(file + " is " + Files.size(file) + " bytes, too long for a key file");
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.isEmpty() || !lines.getFirst().equals(header)) {
      throw new IOException(file + " does not start with '" + header + "'");
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      int colon = line.indexOf(": ");
      if (colon < 0 || fields.putIfAbsent(line.substring(0, colon), line.substring(colon + 2)) != null) {
        throw new IOException(file + ": line '" + ExtensionNames.printable(line) + "' is not a new 'field: value'");
      }
    }
    return fields;
  }

  private static String require(Path file, Map<String, String> fields, String name) throws IOException {
    String value = fields.get(name);
    if (value == null) {
      throw new IOException(file + " has no '" + name + "' line");
    }
    return value;
  }

  private static byte[] decode(Path file, Map<String, String> fields, String name) throws IOException {
    try {
      return Base64.getDecoder().decode(require(file, fields, name));
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": '" + name + "' is not base64", e);
    }
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
