package io.aeserve.registry;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.aeserve.engine.EngineRuntime;
import io.aeserve.error.InvalidInputException;
import io.aeserve.model.EpochRecord;
import io.aeserve.model.CodeNeighbors;
import io.aeserve.model.LatentGaussian;
import io.aeserve.model.Normalization;
import io.aeserve.model.ScoreKind;
import io.aeserve.model.ScoreStatistics;
import io.aeserve.model.TrainedModel;
import io.aeserve.model.block.AutoencoderBlock;
import io.aeserve.model.block.BlockFactory;
import io.aeserve.model.block.Parameters;
import io.aeserve.model.spec.ModelSpec;
import io.aeserve.model.spec.SpecValidator;
import io.aeserve.storage.Npy;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A version as a zip that needs no Java to read: spec as JSON, weights as .npz (one array per parameter, named as
 * in PyTorch), normalisation, training errors, history, a manifest, and a PyTorch module with a README. Importing
 * the zip rebuilds the exact weights, so the new version gives the same outputs.
 */
final class ModelArchive {

    static final long MAX_ENTRY_BYTES = 2L << 30;
    private static final String WEIGHTS = "weights.npz";
    private static final String LATENT_MEAN = "latent-mean.npy";
    private static final String LATENT_PRECISION = "latent-precision.npy";
    private static final String LATENT_REFERENCES = "latent-references.npy";

    /** What an archive holds, ready to become a version. */
    record Contents(TrainedModel trained, Map<String, Object> source, Map<String, Object> metrics) {}

    private final EngineRuntime runtime;
    private final JsonMapper mapper;

    ModelArchive(EngineRuntime runtime, JsonMapper mapper) {
        this.runtime = runtime;
        this.mapper = mapper;
    }

    byte[] export(StoredVersion version) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            put(zip, "spec.json", mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(version.spec()));
            put(zip, WEIGHTS, weights(version));
            Normalization normalization = version.normalization();
            Map<String, Object> normalizationJson = new LinkedHashMap<>();
            normalizationJson.put("kind", normalization.kind());
            normalizationJson.put("offset", normalization.offset());
            normalizationJson.put("scale", normalization.scale());
            put(zip, "normalization.json", mapper.writeValueAsBytes(normalizationJson));
            for (Map.Entry<ScoreKind, float[]> scores : version.scores().sorted().entrySet()) {
                put(zip, scoreFile(scores.getKey()), Npy.write(scores.getValue(), List.of(scores.getValue().length)));
            }
            LatentGaussian latent = version.scores().latent();
            if (latent != null) {
                int dimension = latent.dimension();
                put(zip, LATENT_MEAN, Npy.write(latent.mean(), List.of(dimension)));
                put(zip, LATENT_PRECISION, Npy.write(latent.precision(), List.of(dimension, dimension)));
            }
            CodeNeighbors neighbors = version.scores().neighbors();
            if (neighbors != null) {
                float[] references = neighbors.references();
                put(zip, LATENT_REFERENCES, Npy.write(references,
                        List.of(references.length / neighbors.dimension(), neighbors.dimension())));
            }
            put(zip, "history.json", mapper.writeValueAsBytes(version.history()));
            put(zip, "manifest.json", mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(version.manifest()));
            put(zip, "README.md", resource("README.md"));
            put(zip, "aeserve_model.py", resource("aeserve_model.py"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    Contents read(InputStream archive) throws IOException {
        Map<String, byte[]> entries = unzip(archive, "file");
        ModelSpec spec;
        Normalization normalization;
        List<EpochRecord> history;
        VersionManifest manifest;
        try {
            spec = SpecValidator.complete(mapper.readValue(require(entries, "spec.json"), ModelSpec.class));
            Map<String, Object> norm = mapper.readValue(require(entries, "normalization.json"),
                    new TypeReference<Map<String, Object>>() {});
            normalization = mapper.convertValue(norm, Normalization.class);
            history = entries.containsKey("history.json")
                    ? mapper.readValue(entries.get("history.json"), new TypeReference<List<EpochRecord>>() {})
                    : List.of();
            manifest = entries.containsKey("manifest.json")
                    ? mapper.readValue(entries.get("manifest.json"), VersionManifest.class) : null;
        } catch (tools.jackson.core.JacksonException e) {
            throw new InvalidInputException("file", "holds unreadable JSON: " + e.getOriginalMessage());
        }
        int width = spec.inputSize();
        if (normalization.kind() == null || normalization.offset() == null || normalization.scale() == null
                || normalization.offset().length != width || normalization.scale().length != width) {
            throw new InvalidInputException("file", "normalization.json must hold kind, and offset and scale of "
                    + width + " values each");
        }
        ScoreStatistics scores = scores(entries);
        byte[] parameters = parameters(spec, unzip(new ByteArrayInputStream(require(entries, WEIGHTS)), WEIGHTS));
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("dataset", "imported");
        if (manifest != null) {
            source.put("fromModel", manifest.model());
            source.put("fromVersion", manifest.version());
        }
        TrainedModel trained = new TrainedModel(spec, parameters, normalization, history, scores, null,
                history.size(), 0, 0);
        return new Contents(trained, source, manifest != null && manifest.metrics() != null ? manifest.metrics()
                : Map.of());
    }

    static String scoreFile(ScoreKind kind) {
        return kind == ScoreKind.RECONSTRUCTION ? "training-errors.npy" : "training-scores-" + kind.key() + ".npy";
    }

    private static ScoreStatistics scores(Map<String, byte[]> entries) {
        Map<ScoreKind, float[]> sorted = new EnumMap<>(ScoreKind.class);
        for (ScoreKind kind : ScoreKind.values()) {
            byte[] bytes = entries.get(scoreFile(kind));
            if (bytes != null) {
                float[] values = npy(bytes, scoreFile(kind)).values();
                Arrays.sort(values);
                sorted.put(kind, values);
            }
        }
        float[] errors = sorted.get(ScoreKind.RECONSTRUCTION);
        if (errors == null || errors.length == 0) {
            throw new InvalidInputException("file", "training-errors.npy is missing or empty; anomaly thresholds need it");
        }
        LatentGaussian latent = null;
        if (entries.containsKey(LATENT_MEAN) && entries.containsKey(LATENT_PRECISION)) {
            float[] mean = npy(entries.get(LATENT_MEAN), LATENT_MEAN).values();
            float[] precision = npy(entries.get(LATENT_PRECISION), LATENT_PRECISION).values();
            if (precision.length != mean.length * mean.length) {
                throw new InvalidInputException("file", LATENT_PRECISION + " must be " + mean.length + "x" + mean.length);
            }
            latent = new LatentGaussian(mean, precision);
        }
        CodeNeighbors neighbors = null;
        if (latent != null && entries.containsKey(LATENT_REFERENCES)) {
            float[] references = npy(entries.get(LATENT_REFERENCES), LATENT_REFERENCES).values();
            try {
                neighbors = new CodeNeighbors(references, latent);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("file", LATENT_REFERENCES + ": " + e.getMessage());
            } catch (IllegalStateException e) {
                throw new InvalidInputException("file", LATENT_PRECISION + " is not positive definite");
            }
        }
        return new ScoreStatistics(latent, neighbors, sorted);
    }

    private byte[] weights(StoredVersion version) throws IOException {
        ByteArrayOutputStream npz = new ByteArrayOutputStream();
        try (Model model = Model.newInstance("export", ai.djl.Device.cpu(), runtime.engine().getEngineName());
                ZipOutputStream zip = new ZipOutputStream(npz)) {
            AutoencoderBlock block = initialised(model, version.spec());
            Parameters.load(block, model.getNDManager(), version.parameters());
            for (Pair<String, Parameter> parameter : block.getParameters()) {
                NDArray array = parameter.getValue().getArray();
                List<Integer> shape = new ArrayList<>();
                for (long dim : array.getShape().getShape()) {
                    shape.add((int) dim);
                }
                put(zip, Parameters.exportName(parameter.getKey()) + ".npy", Npy.write(array.toFloatArray(), shape));
            }
        }
        return npz.toByteArray();
    }

    private byte[] parameters(ModelSpec spec, Map<String, byte[]> arrays) {
        try (Model model = Model.newInstance("import", ai.djl.Device.cpu(), runtime.engine().getEngineName())) {
            AutoencoderBlock block = initialised(model, spec);
            List<String> expected = new ArrayList<>();
            for (Pair<String, Parameter> parameter : block.getParameters()) {
                String name = Parameters.exportName(parameter.getKey());
                expected.add(name);
                byte[] bytes = arrays.get(name + ".npy");
                if (bytes == null) {
                    throw new InvalidInputException("file", "weights.npz has no array " + name + " for this spec");
                }
                Npy.Array array = npy(bytes, name);
                NDArray target = parameter.getValue().getArray();
                long[] shape = array.shape().stream().mapToLong(Integer::longValue).toArray();
                if (!target.getShape().equals(new Shape(shape))) {
                    throw new InvalidInputException("file", name + " has shape " + array.shape() + "; the spec needs "
                            + target.getShape());
                }
                target.set(FloatBuffer.wrap(array.values()));
            }
            if (arrays.size() != expected.size()) {
                throw new InvalidInputException("file", "weights.npz holds " + arrays.size() + " arrays; the spec has "
                        + expected.size() + " parameters");
            }
            return Parameters.save(block);
        }
    }

    private static AutoencoderBlock initialised(Model model, ModelSpec spec) {
        AutoencoderBlock block = BlockFactory.create(spec);
        model.setBlock(block);
        block.initialize(model.getNDManager(), DataType.FLOAT32,
                new Shape(1).addAll(new Shape(spec.inputShape().stream().mapToLong(Integer::longValue).toArray())));
        return block;
    }

    private static Npy.Array npy(byte[] bytes, String name) {
        try {
            return Npy.read(bytes);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("file", name + ": " + e.getMessage());
        }
    }

    private static byte[] require(Map<String, byte[]> entries, String name) {
        byte[] bytes = entries.get(name);
        if (bytes == null) {
            throw new InvalidInputException("file", "the archive has no " + name + "; is it an aeserve export?");
        }
        return bytes;
    }

    private static Map<String, byte[]> unzip(InputStream input, String field) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(input)) {
            ZipEntry entry;
            long total = 0;
            while ((entry = zip.getNextEntry()) != null) {
                if (entry.isDirectory()) {
                    continue;
                }
                String name = entry.getName().substring(entry.getName().lastIndexOf('/') + 1);
                byte[] bytes = zip.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, MAX_ENTRY_BYTES));
                total += bytes.length;
                if (total > MAX_ENTRY_BYTES) {
                    throw new InvalidInputException(field, "unpacks to more than " + MAX_ENTRY_BYTES + " bytes");
                }
                entries.put(name, bytes);
            }
        } catch (java.util.zip.ZipException e) {
            throw new InvalidInputException(field, "is not a readable zip archive: " + e.getMessage());
        }
        if (entries.isEmpty()) {
            throw new InvalidInputException(field, "is not a zip archive, or an empty one");
        }
        return entries;
    }

    private static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        if (name.endsWith(".npy")) {
            // stored, as numpy.savez writes them: float data compresses poorly anyway
            CRC32 crc = new CRC32();
            crc.update(bytes);
            entry.setMethod(ZipEntry.STORED);
            entry.setSize(bytes.length);
            entry.setCrc(crc.getValue());
        }
        zip.putNextEntry(entry);
        zip.write(bytes);
        zip.closeEntry();
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ModelArchive.class.getResourceAsStream("/export/" + name)) {
            if (in == null) {
                throw new IOException("missing resource /export/" + name);
            }
            return in.readAllBytes();
        }
    }
}
