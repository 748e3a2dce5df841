package io.aeserve.registry;

import io.aeserve.error.InvalidInputException;
import io.aeserve.error.PayloadTooLargeException;
import io.aeserve.support.Engines;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Mutated exports, as whole zips and entry by entry: the reader accepts them or refuses them with the documented
 * 400 or 413, never anything else.
 */
class ArchiveFuzzTest {

    static ModelArchive archive;
    static byte[] exported;
    static Map<String, byte[]> entries;
    static List<String> names;

    @BeforeContainer
    static void exportOne() throws IOException {
        archive = new ModelArchive(Engines.cpu(), JsonMapper.builder().build(), 8L << 20);
        exported = ArchiveStatisticsTest.export(archive);
        entries = ArchiveStatisticsTest.entries(exported);
        names = new ArrayList<>(entries.keySet());
    }

    record Mutation(int kind, int position, int value) {

        byte[] apply(byte[] valid) {
            if (valid.length == 0) {
                return valid;
            }
            int at = Math.floorMod(position, valid.length);
            byte[] bytes = valid.clone();
            switch (kind) {
                case 0 -> bytes = Arrays.copyOf(valid, at);
                case 1 -> bytes[at] ^= (byte) (1 << Math.floorMod(value, 8));
                case 2 -> {
                    for (int i = at; i < Math.min(bytes.length, at + 4); i++) {
                        bytes[i] = (byte) 0x7F;
                    }
                }
                default -> bytes[at] = (byte) value;
            }
            return bytes;
        }
    }

    @Provide
    Arbitrary<Mutation> mutations() {
        return Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers(),
                Arbitraries.integers()).as(Mutation::new);
    }

    static void read(byte[] zip) {
        try {
            archive.read(new ByteArrayInputStream(zip));
        } catch (InvalidInputException | PayloadTooLargeException expected) {
            // the documented 400 and 413
        } catch (IOException e) {
            throw new AssertionError("an IOException other than 413 reached the caller", e);
        }
    }

    @Property(tries = 60)
    void mutatedZips(@ForAll("mutations") Mutation mutation) {
        read(mutation.apply(exported));
    }

    @Property(tries = 120)
    void mutatedEntries(@ForAll("mutations") Mutation mutation, @ForAll("entryIndexes") int entry) throws IOException {
        Map<String, byte[]> changed = new java.util.LinkedHashMap<>(entries);
        String name = names.get(entry % names.size());
        changed.put(name, mutation.apply(changed.get(name)));
        read(ArchiveStatisticsTest.zip(changed));
    }

    @Provide
    Arbitrary<Integer> entryIndexes() {
        return Arbitraries.integers().between(0, 1000);
    }
}
