package io.aeserve.registry;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.aeserve.engine.EngineRuntime;
import io.aeserve.error.InvalidInputException;
import io.aeserve.error.PayloadTooLargeException;
import io.aeserve.model.EpochRecord;
import io.aeserve.model.ModelBlocks;
import io.aeserve.model.Normalization;
import io.aeserve.model.TrainedModel;
import io.aeserve.model.block.AutoencoderBlock;
import io.aeserve.model.block.Parameters;
import io.aeserve.model.spec.ModelSpec;
import io.aeserve.model.spec.SpecValidator;
import io.aeserve.score.ScoreArray;
import io.aeserve.score.ScoreCatalog;
import io.aeserve.score.VersionScores;
import io.aeserve.storage.Npy;
import io.aeserve.table.ColumnKind;
import io.aeserve.table.EncodedColumn;
import io.aeserve.table.TableEncoding;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.util.ArrayList;
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
 * in PyTorch), normalisation, the encoding of a table's columns when it has one, training errors, history, a
 * manifest, and a PyTorch module with a README. Importing
 * the zip rebuilds the exact weights, so the new version gives the same outputs.
 */
final class ModelArchive {

    /** The most an archive may unpack to, whatever the limits say: a byte array holds no more. */
    static final long MAX_ENTRY_BYTES = Integer.MAX_VALUE - 16;
    private static final String WEIGHTS = "weights.npz";
    /** Score state arrays are stored one a file, named after the array. */
    private static final String SCORE_ARRAY_SUFFIX = ".npy";

    /** What an archive holds, ready to become a version. */
    record Contents(TrainedModel trained, Map<String, Object> source, Map<String, Object> metrics) {}

    /** The weights (DJL's format on import, .npz on export), and the size of the code the model makes. */
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
            put(zip, VersionFiles.SPEC, mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(version.spec()));
            put(zip, VersionFiles.NORMALIZATION, mapper.writeValueAsBytes(version.normalization()));
            if (version.columns() != null) {
                put(zip, VersionFiles.COLUMNS, mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(version.columns()));
            }
            Weights weights = exportWeights(version);
            put(zip, WEIGHTS, weights.parameters());
            for (Map.Entry<String, float[]> array : version.scores().arrays().entrySet()) {
                put(zip, array.getKey() + SCORE_ARRAY_SUFFIX, Npy.write(array.getValue(),
                        version.scores().shape(array.getKey(), weights.codeSize())));
            }
            put(zip, VersionFiles.HISTORY, mapper.writeValueAsBytes(version.history()));
            put(zip, VersionFiles.MANIFEST, mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(version.manifest()));
            put(zip, "README.md", resource("README.md"));
            put(zip, "aeserve_model.py", resource("aeserve_model.py"));
            put(zip, "aeserve_columns.py", resource("aeserve_columns.py"));
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
        TableEncoding columns;
        try {
            spec = specValidator.validate(mapper.readValue(require(entries, VersionFiles.SPEC), ModelSpec.class));
            Map<String, Object> norm = mapper.readValue(require(entries, VersionFiles.NORMALIZATION),
                    new TypeReference<Map<String, Object>>() {});
            normalization = mapper.convertValue(norm, Normalization.class);
            history = entries.containsKey(VersionFiles.HISTORY)
                    ? mapper.readValue(entries.get(VersionFiles.HISTORY), new TypeReference<List<EpochRecord>>() {})
                    : List.of();
            manifest = entries.containsKey(VersionFiles.MANIFEST)
                    ? mapper.readValue(entries.get(VersionFiles.MANIFEST), VersionManifest.class) : null;
            columns = entries.containsKey(VersionFiles.COLUMNS)
                    ? mapper.readValue(entries.get(VersionFiles.COLUMNS), TableEncoding.class) : null;
        } catch (tools.jackson.core.JacksonException e) {
            throw new InvalidInputException("file", "holds unreadable JSON: " + e.getOriginalMessage());
        }
        checkNormalization(normalization, spec.inputSize());
        if (columns != null) {
            checkColumns(columns, spec.inputSize());
        }
        Weights weights = parameters(spec, unzip(new ByteArrayInputStream(require(entries, WEIGHTS)), WEIGHTS));
        VersionScores scores = scores(entries, spec, weights.codeSize());
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("dataset", "imported");
        if (manifest != null) {
            source.put("fromModel", manifest.model());
            source.put("fromVersion", manifest.version());
        }
        TrainedModel trained = new TrainedModel(spec, weights.parameters(), normalization,
                history != null ? history : List.of(), scores, null, history != null ? history.size() : 0, 0, 0,
                columns);
        return new Contents(trained, source, manifest != null && manifest.metrics() != null ? manifest.metrics()
                : Map.of());
    }

    /** A table encoding must name each column once, hold what its kind needs, and give the model's inputs. */
    private static void checkColumns(TableEncoding columns, int width) {
        String entry = VersionFiles.COLUMNS;
        java.util.Set<String> names = new java.util.HashSet<>();
        for (EncodedColumn column : columns.columns()) {
            if (column == null || column.name() == null || column.kind() == null || !names.add(column.name())) {
                throw invalid(entry, "must name each column once, with its kind");
            }
            boolean numeric = column.kind() == ColumnKind.NUMERIC;
            boolean categorical = column.kind() == ColumnKind.CATEGORICAL || column.kind() == ColumnKind.BOOLEAN;
            if (numeric && (column.median() == null || !Float.isFinite(column.median()))
                    || categorical && (column.categories() == null || column.categories().contains(null))) {
                throw invalid(entry, "column '" + column.name() + "' lacks the median or the categories its kind needs");
            }
        }
        if (columns.width() != width) {
            throw invalid(entry, "encodes " + columns.width() + " inputs; the model takes " + width);
        }
    }

    private static void checkNormalization(Normalization normalization, int width) {
        String entry = VersionFiles.NORMALIZATION;
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
     * The training statistics, each checked against the model: finite values, scores the model can compute, state
     * of its code size. Every problem is named; the first ones refuse the archive.
     */
    private static VersionScores scores(Map<String, byte[]> entries, ModelSpec spec, int codeSize) {
        Map<String, ScoreArray> arrays = new LinkedHashMap<>();
        for (String name : ScoreCatalog.standard().arrayNames()) {
            String file = name + SCORE_ARRAY_SUFFIX;
            byte[] bytes = entries.get(file);
            if (bytes != null) {
                Npy.Array array = finite(npy(bytes, file), file);
                arrays.put(name, new ScoreArray(array.values(), array.shape()));
            }
        }
        VersionScores.Restored restored = VersionScores.restore(spec, arrays, codeSize,
                name -> name + SCORE_ARRAY_SUFFIX);
        if (!restored.problems().isEmpty()) {
            throw new InvalidInputException("file", String.join("; ", restored.problems()));
        }
        return restored.scores();
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

    /** The weights as .npz, and the width of the model's code. */
    private Weights exportWeights(StoredVersion version) throws IOException {
        ByteArrayOutputStream npz = new ByteArrayOutputStream();
        int codeSize;
        try (Model model = Model.newInstance("export", ai.djl.Device.cpu(), runtime.engine().getEngineName());
                ZipOutputStream zip = new ZipOutputStream(npz)) {
            AutoencoderBlock block = ModelBlocks.build(model, version.spec(), null);
            Parameters.load(block, model.getNDManager(), version.parameters());
            codeSize = ModelBlocks.codeWidth(block, version.spec(), model.getNDManager(),
                    new ParameterStore(model.getNDManager(), false));
            for (Pair<String, Parameter> parameter : block.getParameters()) {
                NDArray array = parameter.getValue().getArray();
                List<Integer> shape = new ArrayList<>();
                for (long dim : array.getShape().getShape()) {
                    shape.add((int) dim);
                }
                put(zip, Parameters.exportName(parameter.getKey()) + ".npy", Npy.write(array.toFloatArray(), shape));
            }
        }
        return new Weights(npz.toByteArray(), codeSize);
    }

    private Weights parameters(ModelSpec spec, Map<String, byte[]> arrays) {
        try (Model model = Model.newInstance("import", ai.djl.Device.cpu(), runtime.engine().getEngineName())) {
            AutoencoderBlock block = ModelBlocks.build(model, spec, null);
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
            int codeSize = ModelBlocks.codeWidth(block, spec, model.getNDManager(),
                    new ParameterStore(model.getNDManager(), false));
            return new Weights(Parameters.save(block), codeSize);
        }
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
