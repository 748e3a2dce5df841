package io.aeserve.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The configured API keys, held as SHA-256 digests. A presented key is hashed and compared with every digest in
 * constant time, so neither the comparison nor the number of keys tried tells an attacker how close a guess was.
 */
final class ApiKeys {

    /** One key: who holds it, its digest and what it may do. */
    record Holder(String name, byte[] sha256, Set<Scope> scopes) {}

    private final List<Holder> holders;

    private ApiKeys(List<Holder> holders) {
        this.holders = List.copyOf(holders);
    }

    /** The keys of the settings and of the keys file; a malformed entry stops start-up with what is wrong. */
    static ApiKeys from(SecurityProperties properties) {
        List<Holder> holders = new ArrayList<>();
        for (int i = 0; i < properties.apiKeys().size(); i++) {
            SecurityProperties.ApiKey key = properties.apiKeys().get(i);
            String where = "aeserve.security.api-keys[" + i + "]";
            holders.add(holder(key.name(), key.keySha256(), key.scopes() == null ? List.of() : key.scopes(), where));
        }
        if (properties.apiKeysFile() != null) {
            holders.addAll(readFile(properties.apiKeysFile()));
        }
        return new ApiKeys(holders);
    }

    boolean isEmpty() {
        return holders.isEmpty();
    }

    int size() {
        return holders.size();
    }

    /** The holder of {@code key}, or {@code null}. Every digest is compared, whichever matches. */
    Holder find(String key) {
        byte[] digest = sha256(key);
        Holder found = null;
        for (Holder holder : holders) {
            if (MessageDigest.isEqual(digest, holder.sha256()) && found == null) {
                found = holder;
            }
        }
        return found;
    }

    static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static List<Holder> readFile(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the API keys file " + file
                    + " (aeserve.security.api-keys-file)", e);
        }
        List<Holder> holders = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = file + " line " + (i + 1);
            String[] fields = line.split("\\s+");
            if (fields.length != 3) {
                throw new IllegalStateException(where + ": expected 'name sha256-hex scope,scope', found "
                        + fields.length + " fields");
            }
            holders.add(holder(fields[0], fields[1], Arrays.asList(fields[2].split(",")), where));
        }
        return holders;
    }

    private static Holder holder(String name, String sha256Hex, List<String> scopeNames, String where) {
        if (name == null || name.isBlank()) {
            throw new IllegalStateException(where + ": the key needs a name");
        }
        if (sha256Hex == null || !sha256Hex.strip().matches("[0-9a-fA-F]{64}")) {
            throw new IllegalStateException(where + " (" + name + "): key-sha256 must be the 64 hex digits of the "
                    + "key's SHA-256 (printf %s \"$KEY\" | sha256sum), never the key itself");
        }
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String scopeName : scopeNames) {
            Scope scope = Scope.parse(scopeName);
            if (scope == null) {
                throw new IllegalStateException(where + " (" + name + "): unknown scope '" + scopeName.strip()
                        + "'; the scopes are " + Scope.names());
            }
            scopes.add(scope);
        }
        if (scopes.isEmpty()) {
            throw new IllegalStateException(where + " (" + name + "): the key needs at least one scope ("
                    + Scope.names() + ")");
        }
        return new Holder(name, HexFormat.of().parseHex(sha256Hex.strip()), scopes);
    }
}
