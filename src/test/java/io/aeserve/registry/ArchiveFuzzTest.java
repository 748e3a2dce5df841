package io.aeserve.registry;

import io.aeserve.model.spec.SpecValidator;
import io.aeserve.error.InvalidInputException;
import io.aeserve.error.PayloadTooLargeException;
import io.aeserve.support.ByteMutation;
import io.aeserve.support.Engines;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Mutated exports, as whole zips and entry by entry: the reader accepts them or refuses them with the documented
 * 400 or 413, never anything else. Mutations come from a seeded generator, so a failure replays exactly.
 */
class ArchiveFuzzTest {

    static ModelArchive archive;
    static byte[] exported;
    static Map<String, byte[]> entries;
    static List<String> names;

    @BeforeAll
    static void exportOne() throws IOException {
        archive = new ModelArchive(Engines.cpu(), JsonMapper.builder().build(), 8L << 20,
                new SpecValidator(SpecValidator.DEFAULT_MAX_PARAMETERS));
        exported = ArchiveStatisticsTest.export(archive);
        entries = ArchiveStatisticsTest.entries(exported);
        names = new ArrayList<>(entries.keySet());
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

    @Test
    void mutatedZips() {
        Random random = new Random(31);
        for (int i = 0; i < 60; i++) {
            read(ByteMutation.next(random).apply(exported));
        }
    }

    @Test
    void mutatedEntries() throws IOException {
        Random random = new Random(32);
        for (int i = 0; i < 120; i++) {
            Map<String, byte[]> changed = new java.util.LinkedHashMap<>(entries);
            String name = names.get(random.nextInt(names.size()));
            changed.put(name, ByteMutation.next(random).apply(changed.get(name)));
            read(ArchiveStatisticsTest.zip(changed));
        }
    }
}
