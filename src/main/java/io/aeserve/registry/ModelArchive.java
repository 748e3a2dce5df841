package io.aeserve.registry;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.aeserve.engine.EngineRuntime;
import io.aeserve.error.InvalidInputException;
import io.aeserve.error.PayloadTooLargeException;
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
import io.aeserve.model.loss.StructuralError;
import io.aeserve.model.spec.ModelSpec;
import io.aeserve.model.spec.SpecValidator;
import io.aeserve.model.spec.Variant;
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

    /** The most an archive may unpack to, whatever the limits say: a byte array holds no more. */
    static final long MAX_ENTRY_BYTES = Integer.MAX_VALUE - 16;
    private static final String WEIGHTS = "weights.npz";
    private static final String LATENT_MEAN = "latent-mean.npy";
    private static final String LATENT_PRECISION = "latent-precision.npy";
    private static final String LATENT_REFERENCES = "latent-references.npy";

    /** What an archive holds, ready to become a version. */
    record Contents(TrainedModel trained, Map<String, Object> source, Map<String, Object> metrics) {}

    /** The weights in DJL's format, and the size of the code the model makes. */
    private record Weights(byte[] parameters, int codeSize) {}

    private final EngineRuntime runtime;
    private final JsonMapper mapper;
    private final SpecValidator specValidator;
    private final long maxUnpackedBytes;

    /**
     * @param maxUnpackedBytes the most bytes an archive may unpack to (all its entries, and the arrays of its
     *     weights.npz, counted while they are read): beyond it, the archive is refused before it fills memory
     */
    ModelArchive(EngineRuntime runtime, JsonMapper mapper, long maxUnpackedBytes, SpecValidator specValidator) {
        this.runtime = runtime;
        this.mapper = mapper;
        this.specValidator = specValidator;
        this.maxUnpackedBytes = Math.min(maxUnpackedBytes, MAX_ENTRY_BYTES);
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

    /**
     * Reads an export; anything missing, unreadable or not matching the spec it comes with is refused with a 400
     * that names the entry.
     */
    Contents read(InputStream archive) throws IOException {
        Map<String, byte[]> entries = unzip(archive, "file");
        ModelSpec spec;
        Normalization normalization;
        List<EpochRecord> history;
        VersionManifest manifest;
        try {
            spec = specValidator.validate(mapper.readValue(require(entries, "spec.json"), ModelSpec.class));
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
        checkNormalization(normalization, spec.inputSize());
        Weights weights = parameters(spec, unzip(new ByteArrayInputStream(require(entries, WEIGHTS)), WEIGHTS));
        ScoreStatistics scores = scores(entries, spec, weights.codeSize());
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("dataset", "imported");
        if (manifest != null) {
            source.put("fromModel", manifest.model());
            source.put("fromVersion", manifest.version());
        }
        TrainedModel trained = new TrainedModel(spec, weights.parameters(), normalization,
                history != null ? history : List.of(), scores, null, history != null ? history.size() : 0, 0, 0);
        return new Contents(trained, source, manifest != null && manifest.metrics() != null ? manifest.metrics()
                : Map.of());
    }

    static String scoreFile(ScoreKind kind) {
        return kind == ScoreKind.RECONSTRUCTION ? "training-errors.npy" : "training-scores-" + kind.key() + ".npy";
    }

    private static void checkNormalization(Normalization normalization, int width) {
        String entry = "normalization.json";
        if (normalization == null || normalization.kind() == null || normalization.offset() == null
                || normalization.scale() == null || normalization.offset().length != width
                || normalization.scale().length != width) {
            throw invalid(entry, "must hold kind, and offset and scale of " + width + " values each (the model's"
                    + " input size)");
        }
        for (int i = 0; i < width; i++) {
            float offset = normalization.offset()[i];
            float scale = normalization.scale()[i];
            if (!Float.isFinite(offset) || !Float.isFinite(scale) || scale == 0) {
                throw invalid(entry, "feature " + i + " has offset " + offset + " and scale " + scale
                        + "; offsets must be finite and scales finite and not 0");
            }
        }
    }

    /**
     * The training statistics, each checked against the model: finite values, score distributions that the
     * model can compute, a Gaussian and reference codes of its code size.
     */
    private static ScoreStatistics scores(Map<String, byte[]> entries, ModelSpec spec, int codeSize) {
        Map<ScoreKind, float[]> sorted = new EnumMap<>(ScoreKind.class);
        for (ScoreKind kind : ScoreKind.values()) {
            String name = scoreFile(kind);
            byte[] bytes = entries.get(name);
            if (bytes == null) {
                continue;
            }
            if (kind == ScoreKind.ELBO && spec.variant() != Variant.VARIATIONAL) {
                throw invalid(name, "belongs to variational models; this spec is "
                        + spec.variant().name().toLowerCase(java.util.Locale.ROOT));
            }
            if (kind == ScoreKind.STRUCTURAL && !StructuralError.supports(spec)) {
                throw invalid(name, "belongs to image models (convolutional, images of at least "
                        + StructuralError.WINDOW + "x" + StructuralError.WINDOW + "); this spec is not one");
            }
            float[] values = finite(npy(bytes, name), name).values();
            if (values.length == 0) {
                throw invalid(name, "is empty; thresholds need the training scores");
            }
            Arrays.sort(values);
            sorted.put(kind, values);
        }
        if (!sorted.containsKey(ScoreKind.RECONSTRUCTION)) {
            throw invalid(scoreFile(ScoreKind.RECONSTRUCTION), "is missing; anomaly thresholds need it");
        }
        if (sorted.containsKey(ScoreKind.COMBINED) && !sorted.containsKey(ScoreKind.LATENT)) {
            throw invalid(scoreFile(ScoreKind.COMBINED), "needs " + scoreFile(ScoreKind.LATENT)
                    + ", whose mean and deviation standardise it");
        }
        if (entries.containsKey(LATENT_MEAN) != entries.containsKey(LATENT_PRECISION)) {
            throw invalid(entries.containsKey(LATENT_MEAN) ? LATENT_PRECISION : LATENT_MEAN,
                    "is missing; the latent Gaussian needs both " + LATENT_MEAN + " and " + LATENT_PRECISION);
        }
        LatentGaussian latent = null;
        if (entries.containsKey(LATENT_MEAN)) {
            Npy.Array mean = finite(npy(entries.get(LATENT_MEAN), LATENT_MEAN), LATENT_MEAN);
            if (!mean.shape().equals(List.of(codeSize))) {
                throw invalid(LATENT_MEAN, "has shape " + mean.shape() + "; the model's codes have " + codeSize
                        + " values, so it must be [" + codeSize + "]");
            }
            if (codeSize > LatentGaussian.MAX_DIMENSION) {
                throw invalid(LATENT_MEAN, "is for codes of " + codeSize + " values; the latent scores take codes of"
                        + " at most " + LatentGaussian.MAX_DIMENSION);
            }
            Npy.Array precision = finite(npy(entries.get(LATENT_PRECISION), LATENT_PRECISION), LATENT_PRECISION);
            if (!precision.shape().equals(List.of(codeSize, codeSize))) {
                throw invalid(LATENT_PRECISION, "has shape " + precision.shape() + "; it must be [" + codeSize
                        + ", " + codeSize + "], the model's code size squared");
            }
            latent = new LatentGaussian(mean.values(), precision.values());
            String problem = latent.problem();
            if (problem != null) {
                throw invalid(LATENT_PRECISION, problem);
            }
        }
        CodeNeighbors neighbors = null;
        if (entries.containsKey(LATENT_REFERENCES)) {
            if (latent == null) {
                throw invalid(LATENT_REFERENCES, "needs " + LATENT_MEAN + " and " + LATENT_PRECISION
                        + ", which whiten the codes");
            }
            Npy.Array references = finite(npy(entries.get(LATENT_REFERENCES), LATENT_REFERENCES), LATENT_REFERENCES);
            int rows = references.shape().isEmpty() ? 0 : references.shape().get(0);
            if (references.shape().size() != 2 || references.shape().get(1) != codeSize
                    || rows <= CodeNeighbors.K || rows > CodeNeighbors.MAX_REFERENCES) {
                throw invalid(LATENT_REFERENCES, "has shape " + references.shape() + "; it must be [rows, "
                        + codeSize + "] (the model's code size), with more than " + CodeNeighbors.K + " and at most "
                        + CodeNeighbors.MAX_REFERENCES + " rows");
            }
            neighbors = new CodeNeighbors(references.values(), latent);
        }
        for (ScoreKind kind : List.of(ScoreKind.LATENT, ScoreKind.COMBINED, ScoreKind.KNN)) {
            boolean statistics = kind == ScoreKind.KNN ? neighbors != null : latent != null;
            if (sorted.containsKey(kind) && !statistics) {
                throw invalid(scoreFile(kind), "comes without the statistics that compute the score: "
                        + (kind == ScoreKind.KNN ? LATENT_REFERENCES : LATENT_MEAN + " and " + LATENT_PRECISION));
            }
        }
        return new ScoreStatistics(latent, neighbors, sorted);
    }

    private static Npy.Array finite(Npy.Array array, String name) {
        float[] values = array.values();
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw invalid(name, "value " + i + " is " + values[i] + "; only finite numbers are accepted");
            }
        }
        return array;
    }

    private static InvalidInputException invalid(String entry, String message) {
        return new InvalidInputException("file", entry + " " + message);
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

    private Weights parameters(ModelSpec spec, Map<String, byte[]> arrays) {
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
                Npy.Array array = finite(npy(bytes, WEIGHTS + "/" + name), WEIGHTS + "/" + name);
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
            int codeSize;
            try (NDManager probe = model.getNDManager().newSubManager()) {
                NDArray input = probe.zeros(new Shape(1).addAll(new Shape(
                        spec.inputShape().stream().mapToLong(Integer::longValue).toArray())));
                codeSize = (int) block.encode(new ParameterStore(probe, false), input, false).head().size();
            }
            return new Weights(Parameters.save(block), codeSize);
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

    /**
     * The entries by file name (folders dropped, so no name reaches outside the archive). Sizes are counted while
     * reading, so an archive that unpacks to more than the limit is refused at the limit, whatever its headers say.
     */
    private Map<String, byte[]> unzip(InputStream input, String field) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(input)) {
            ZipEntry entry;
            long total = 0;
            while ((entry = zip.getNextEntry()) != null) {
                if (entry.isDirectory()) {
                    continue;
                }
                String name = entry.getName().substring(entry.getName().lastIndexOf('/') + 1);
                byte[] bytes = zip.readNBytes((int) Math.min(maxUnpackedBytes - total + 1, MAX_ENTRY_BYTES));
                total += bytes.length;
                if (total > maxUnpackedBytes) {
                    throw new PayloadTooLargeException(field + " unpacks to more than " + maxUnpackedBytes
                            + " bytes (aeserve.limits.max-upload-size plus 4 bytes per aeserve.limits.max-parameters, and at most"
                            + " a quarter of the heap)");
                }
                if (entries.put(name, bytes) != null) {
                    throw new InvalidInputException(field, "holds " + name + " twice");
                }
            }
        } catch (PayloadTooLargeException e) {
            throw e;
        } catch (IOException | IllegalArgumentException e) {
            // ZipException, EOFException (cut short), IllegalArgumentException (malformed entry names)
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
