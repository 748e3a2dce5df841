package io.aeserve.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aeserve.error.InvalidInputException;
import io.aeserve.error.PayloadTooLargeException;
import io.aeserve.model.TrainedModel;
import io.aeserve.model.spec.ModelSpec;
import io.aeserve.model.spec.SpecValidator;
import io.aeserve.storage.Npy;
import io.aeserve.support.Engines;
import io.aeserve.support.Specs;
import io.aeserve.support.SyntheticData;
import io.aeserve.training.OptimizerKind;
import io.aeserve.training.TrainingLoop;
import io.aeserve.training.TrainingSettings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Every statistic of an imported archive is checked against the model it comes with. */
class ArchiveStatisticsTest {

    static final JsonMapper MAPPER = JsonMapper.builder().build();
    static final SpecValidator SPECS = new SpecValidator(SpecValidator.DEFAULT_MAX_PARAMETERS);
    static ModelArchive archive;
    static byte[] exported;

    /** An export of a small dense model with every statistic: 16 inputs, codes of 3. */
    static byte[] export(ModelArchive archive) {
        ModelSpec spec = SpecValidator.complete(Specs.dense(16).hidden(12).latent(3).build());
        TrainedModel trained = new TrainingLoop(Engines.cpu()).train(spec, SyntheticData.lowRank(80, 16, 3, 9),
                new TrainingSettings(1, 32, OptimizerKind.ADAM, 0.01, 0.9, 0, 0, 0, 0, 1L), null, (r, e) -> { },
                () -> false);
        return archive.export(new StoredVersion(new VersionManifest("source", 1, Instant.now(), null, null, Map.of(),
                Map.of(), Map.of()), spec, trained.parameters(), trained.normalization(), trained.history(),
                trained.scores()));
    }

    @BeforeAll
    static void exportOne() {
        archive = new ModelArchive(Engines.cpu(), MAPPER, 64L << 20, SPECS);
        exported = export(archive);
    }

    static Map<String, byte[]> entries(byte[] zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                entries.put(entry.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    static byte[] changed(Consumer<Map<String, byte[]>> change) throws IOException {
        Map<String, byte[]> entries = entries(exported);
        change.accept(entries);
        return zip(entries);
    }

    static String refusal(byte[] zip) {
        try {
            archive.read(new ByteArrayInputStream(zip));
        } catch (InvalidInputException e) {
            assertThat(e.errors()).extracting(error -> error.field()).containsExactly("file");
            return e.getMessage();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("accepted");
    }

    static byte[] npy(float[] values, Integer... shape) {
        return Npy.write(values, List.of(shape));
    }

    @Test
    void theExportItselfIsAccepted() throws IOException {
        ModelArchive.Contents contents = archive.read(new ByteArrayInputStream(exported));
        assertThat(contents.trained().scores().has("knn")).isTrue();
        assertThat(contents.trained().scores().array("latent-mean")).hasSize(3);
    }

    @Test
    void latentStatisticsMustHaveTheModelsCodeSize() throws IOException {
        assertThat(refusal(changed(e -> e.put("latent-mean.npy", npy(new float[4], 4)))))
                .contains("latent-mean.npy has shape [4]; the model's codes have 3 values");
        assertThat(refusal(changed(e -> {
            e.put("latent-mean.npy", npy(new float[4], 4));
            e.put("latent-precision.npy", npy(identity(4), 4, 4));
        }))).contains("latent-mean.npy");
        assertThat(refusal(changed(e -> e.put("latent-precision.npy", npy(identity(2), 2, 2)))))
                .contains("latent-precision.npy has shape [2, 2]; the model's codes have 3 values, so it must be [3, 3]");
        assertThat(refusal(changed(e -> e.put("latent-precision.npy", npy(new float[] {1, 0, 0, 0, -1, 0, 0, 0, 1},
                3, 3))))).contains("latent-precision.npy is not positive definite");
        assertThat(refusal(changed(e -> e.put("latent-precision.npy", npy(new float[] {1, 0.5f, 0, 0, 1, 0, 0, 0, 1},
                3, 3))))).contains("latent-precision.npy is not symmetric");
        assertThat(refusal(changed(e -> e.remove("latent-precision.npy"))))
                .contains("latent-precision.npy is missing");
        float[] nan = identity(3);
        nan[4] = Float.NaN;
        assertThat(refusal(changed(e -> e.put("latent-precision.npy", npy(nan, 3, 3)))))
                .contains("latent-precision.npy value 4 is NaN");
    }

    @Test
    void referenceCodesMustBeRowsOfTheCodeSize() throws IOException {
        assertThat(refusal(changed(e -> e.put("latent-references.npy", npy(new float[40], 10, 4)))))
                .contains("latent-references.npy has shape [10, 4]; the model's codes have 3 values, so it must be [rows, 3]");
        assertThat(refusal(changed(e -> e.put("latent-references.npy", npy(new float[30], 30)))))
                .contains("latent-references.npy has shape [30]");
        assertThat(refusal(changed(e -> e.put("latent-references.npy", npy(new float[9], 3, 3)))))
                .contains("more than 5");
        assertThat(refusal(changed(e -> {
            e.remove("latent-mean.npy");
            e.remove("latent-precision.npy");
        }))).contains("latent-references.npy needs latent-mean.npy");
    }

    @Test
    void scoreDistributionsMustBeFiniteAndComputableByTheModel() throws IOException {
        assertThat(refusal(changed(e -> e.put("training-errors.npy", npy(new float[] {0.1f, Float.POSITIVE_INFINITY},
                2))))).contains("training-errors.npy value 1 is Infinity");
        assertThat(refusal(changed(e -> e.put("training-errors.npy", npy(new float[0], 0)))))
                .contains("training-errors.npy is empty");
        assertThat(refusal(changed(e -> e.remove("training-errors.npy")))).contains("training-errors.npy is missing");
        assertThat(refusal(changed(e -> e.put("training-scores-elbo.npy", npy(new float[] {1}, 1)))))
                .contains("training-scores-elbo.npy is for the elbo score, which needs a variational model");
        assertThat(refusal(changed(e -> e.put("training-scores-structural.npy", npy(new float[] {1}, 1)))))
                .contains("training-scores-structural.npy is for the structural score, which needs an image model");
        assertThat(refusal(changed(e -> e.remove("training-scores-latent.npy"))))
                .contains("training-scores-combined.npy needs training-scores-latent.npy");
        assertThat(refusal(changed(e -> e.remove("latent-references.npy"))))
                .contains("training-scores-knn.npy comes without");
        assertThat(refusal(changed(e -> e.put("training-errors.npy", "junk".getBytes()))))
                .contains("training-errors.npy: not a .npy file");
    }

    @Test
    void normalisationAndWeightsMustFitTheModel() throws IOException {
        assertThat(refusal(changed(e -> e.put("normalization.json",
                "{\"kind\": \"minmax\", \"offset\": [0], \"scale\": [1]}".getBytes()))))
                .contains("normalization.json must hold kind, and offset and scale of 16 values");
        String zeros = "[" + "0,".repeat(15) + "0]";
        assertThat(refusal(changed(e -> e.put("normalization.json", ("{\"kind\": \"minmax\", \"offset\": " + zeros
                + ", \"scale\": " + zeros + "}").getBytes())))).contains("scales finite and not 0");
        Map<String, byte[]> weights = entries(entries(exported).get("weights.npz"));
        String first = weights.keySet().iterator().next();
        Npy.Array array = Npy.read(weights.get(first));
        float[] poisoned = array.values().clone();
        poisoned[0] = Float.NaN;
        weights.put(first, Npy.write(poisoned, array.shape()));
        byte[] npz = zip(weights);
        assertThat(refusal(changed(e -> e.put("weights.npz", npz)))).contains("weights.npz/").contains("NaN");
    }

    @Test
    void zipBombsAndBrokenZipsAreRefused() throws IOException {
        ModelArchive small = new ModelArchive(Engines.cpu(), MAPPER, 1 << 20, SPECS);
        byte[] bomb = zip(Map.of("spec.json", new byte[64 << 20]));
        assertThat(bomb.length).isLessThan(1 << 20);
        assertThatThrownBy(() -> small.read(new ByteArrayInputStream(bomb)))
                .isInstanceOf(PayloadTooLargeException.class).hasMessageContaining("unpacks to more than 1048576");
        assertThat(refusal(java.util.Arrays.copyOf(exported, exported.length / 2))).contains("file");
        assertThat(refusal(changed(e -> e.put("../../spec.json", e.get("spec.json")))))
                .contains("holds spec.json twice");
    }

    static float[] identity(int n) {
        float[] values = new float[n * n];
        for (int i = 0; i < n; i++) {
            values[i * n + i] = 1;
        }
        return values;
    }
}
