package io.aeserve.registry;

import io.aeserve.error.ConflictException;
import io.aeserve.error.NotFoundException;
import io.aeserve.model.spec.ModelSpec;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The registry's metadata in PostgreSQL, shared by any number of replicas (tables in
 * {@code db/migration/V1__registry.sql}, thresholds in {@code V3__version_thresholds.sql}). Each change is one transaction that also adds one to the revision, so a
 * replica never sees a new revision before the change that made it is committed. Version numbers come from one
 * {@code UPDATE ... RETURNING} on the model's row and names are claimed with {@code INSERT ... ON CONFLICT DO
 * NOTHING}, so replicas racing each other never get the same number or both create one model.
 */
class JdbcRegistryMetadata implements RegistryMetadata {

    private static final TypeReference<ModelSpec> SPEC = new TypeReference<>() {};
    private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() {};
    private static final TypeReference<Map<String, Object>> VALUES = new TypeReference<>() {};

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate changes;
    private final TransactionTemplate snapshots;
    private final JsonMapper mapper;

    /** @param mapper the mapper for stored JSON ({@link io.aeserve.storage.StoredJson}) */
    JdbcRegistryMetadata(NamedParameterJdbcTemplate jdbc, PlatformTransactionManager transactions,
            JsonMapper mapper) {
        this.jdbc = jdbc;
        this.changes = new TransactionTemplate(transactions);
        this.snapshots = new TransactionTemplate(transactions);
        // models and versions as of one moment, whatever other replicas commit in between
        snapshots.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        snapshots.setReadOnly(true);
        this.mapper = mapper;
    }

    @Override
    public Snapshot read() {
        return snapshots.execute(status -> {
            List<String> problems = new ArrayList<>();
            Map<String, List<VersionManifest>> versions = new HashMap<>();
            jdbc.query("SELECT * FROM versions ORDER BY model, version", row -> {
                try {
                    versions.computeIfAbsent(row.getString("model"), model -> new ArrayList<>()).add(manifest(row));
                } catch (RuntimeException e) {
                    problems.add(row.getString("model") + " version " + row.getInt("version")
                            + " is skipped: its row cannot be read: " + e.getMessage());
                }
            });
            Map<String, Map<Integer, Map<String, VersionThreshold>>> thresholds = new HashMap<>();
            jdbc.query("SELECT * FROM version_thresholds ORDER BY model, version, score", row -> {
                thresholds.computeIfAbsent(row.getString("model"), model -> new TreeMap<>())
                        .computeIfAbsent(row.getInt("version"), version -> new TreeMap<>())
                        .put(row.getString("score"), new VersionThreshold(row.getString("rule"),
                                row.getDouble("value"), Instant.parse(row.getString("set_at"))));
            });
            List<StoredModel> models = new ArrayList<>();
            jdbc.query("SELECT * FROM models ORDER BY name", row -> {
                String name = row.getString("name");
                try {
                    models.add(new StoredModel(record(row), row.getObject("serving_version", Integer.class),
                            versions.getOrDefault(name, List.of()), row.getInt("highest_version"),
                            thresholds.getOrDefault(name, Map.of())));
                } catch (RuntimeException e) {
                    problems.add("model " + name + " is skipped: its row cannot be read: " + e.getMessage());
                }
            });
            return new Snapshot(models, problems);
        });
    }

    @Override
    public long revision() {
        return jdbc.getJdbcOperations().queryForObject("SELECT revision FROM registry_state", Long.class);
    }

    @Override
    public void createModel(ModelRecord record) {
        change(() -> {
            int inserted = jdbc.update("""
                    INSERT INTO models (name, description, tags, spec, created_at)
                    VALUES (:name, :description, CAST(:tags AS json), CAST(:spec AS json), :createdAt)
                    ON CONFLICT (name) DO NOTHING""", modelColumns(record));
            if (inserted == 0) {
                throw new ConflictException("model '" + record.name() + "' already exists");
            }
        });
    }

    @Override
    public void updateModel(ModelRecord record) {
        change(() -> {
            int updated = jdbc.update("""
                    UPDATE models SET description = :description, tags = CAST(:tags AS json),
                        spec = CAST(:spec AS json), created_at = :createdAt
                    WHERE name = :name""", modelColumns(record));
            if (updated == 0) {
                throw new NotFoundException("model", record.name());
            }
        });
    }

    @Override
    public void deleteModel(String name) {
        change(() -> {
            jdbc.update("DELETE FROM models WHERE name = :name", new MapSqlParameterSource("name", name));
        });
    }

    @Override
    public int allocateVersion(String model) {
        return change(() -> {
            List<Integer> next = jdbc.query("""
                    UPDATE models SET highest_version = highest_version + 1 WHERE name = :name
                    RETURNING highest_version""", new MapSqlParameterSource("name", model),
                    (row, index) -> row.getInt(1));
            if (next.isEmpty()) {
                throw new NotFoundException("model", model);
            }
            return next.get(0);
        });
    }

    @Override
    public void addVersion(VersionManifest manifest) {
        change(() -> {
            MapSqlParameterSource columns = versionColumns(manifest);
            // locks the model's row first, so a concurrent delete of the model waits for this
            int raised = jdbc.update("""
                    UPDATE models SET highest_version = GREATEST(highest_version, :version)
                    WHERE name = :model""", columns);
            if (raised == 0) {
                throw new NotFoundException("model", manifest.model());
            }
            int inserted = jdbc.update("""
                    INSERT INTO versions (model, version, created_at, job_id, from_version, dataset, metrics,
                        checksums)
                    VALUES (:model, :version, :createdAt, :jobId, :fromVersion, CAST(:dataset AS json),
                        CAST(:metrics AS json), CAST(:checksums AS json))
                    ON CONFLICT (model, version) DO NOTHING""", columns);
            if (inserted == 0) {
                throw new ConflictException("version " + manifest.version() + " of model '" + manifest.model()
                        + "' already exists");
            }
        });
    }

    @Override
    public void setServing(String model, Integer version) {
        change(() -> {
            int updated;
            try {
                updated = jdbc.update("UPDATE models SET serving_version = :version WHERE name = :model",
                        new MapSqlParameterSource("model", model).addValue("version", version));
            } catch (DataIntegrityViolationException e) {
                // the pin's foreign key: no such version, or another replica has just deleted it
                throw new NotFoundException("version", model + "/" + version);
            }
            if (updated == 0) {
                throw new NotFoundException("model", model);
            }
        });
    }

    @Override
    public void setThreshold(String model, int version, String score, VersionThreshold threshold) {
        change(() -> {
            MapSqlParameterSource key = new MapSqlParameterSource("model", model).addValue("version", version)
                    .addValue("score", score);
            if (threshold == null) {
                jdbc.update("DELETE FROM version_thresholds WHERE model = :model AND version = :version"
                        + " AND score = :score", key);
                return;
            }
            try {
                jdbc.update("""
                        INSERT INTO version_thresholds (model, version, score, rule, value, set_at)
                        VALUES (:model, :version, :score, :rule, :value, :setAt)
                        ON CONFLICT (model, version, score)
                        DO UPDATE SET rule = :rule, value = :value, set_at = :setAt""",
                        key.addValue("rule", threshold.rule()).addValue("value", threshold.value())
                                .addValue("setAt", threshold.setAt().toString()));
            } catch (DataIntegrityViolationException e) {
                // the version's foreign key: no such version, or another replica has just deleted it
                throw new NotFoundException("version", model + "/" + version);
            }
        });
    }

    @Override
    public void deleteVersion(String model, int version) {
        change(() -> {
            MapSqlParameterSource key = new MapSqlParameterSource("model", model).addValue("version", version);
            jdbc.update("""
                    UPDATE models SET serving_version = NULL WHERE name = :model AND serving_version = :version""",
                    key);
            jdbc.update("DELETE FROM versions WHERE model = :model AND version = :version", key);
        });
    }

    /**
     * Runs a change in a transaction that also adds one to the revision: a change that finds nothing to change
     * (deleting what is gone) costs other replicas one needless read, no more.
     */
    private <T> T change(Supplier<T> change) {
        return changes.execute(status -> {
            T result = change.get();
            jdbc.getJdbcOperations().update("UPDATE registry_state SET revision = revision + 1");
            return result;
        });
    }

    private void change(Runnable change) {
        change(() -> {
            change.run();
            return null;
        });
    }

    private MapSqlParameterSource modelColumns(ModelRecord record) {
        return new MapSqlParameterSource()
                .addValue("name", record.name())
                .addValue("description", record.description())
                .addValue("tags", json(record.tags()))
                .addValue("spec", json(record.spec()))
                .addValue("createdAt", record.createdAt().toString());
    }

    private MapSqlParameterSource versionColumns(VersionManifest manifest) {
        return new MapSqlParameterSource()
                .addValue("model", manifest.model())
                .addValue("version", manifest.version())
                .addValue("createdAt", manifest.createdAt().toString())
                .addValue("jobId", manifest.jobId())
                .addValue("fromVersion", manifest.fromVersion())
                .addValue("dataset", json(manifest.dataset()))
                .addValue("metrics", json(manifest.metrics()))
                .addValue("checksums", json(manifest.checksums()));
    }

    private ModelRecord record(ResultSet row) throws SQLException {
        return new ModelRecord(row.getString("name"), row.getString("description"),
                value(row.getString("tags"), STRINGS), value(row.getString("spec"), SPEC),
                Instant.parse(row.getString("created_at")));
    }

    private VersionManifest manifest(ResultSet row) throws SQLException {
        return new VersionManifest(row.getString("model"), row.getInt("version"),
                Instant.parse(row.getString("created_at")), row.getString("job_id"),
                row.getObject("from_version", Integer.class), value(row.getString("dataset"), VALUES),
                value(row.getString("metrics"), VALUES), value(row.getString("checksums"), STRINGS));
    }

    /** A null field is SQL NULL rather than JSON null. */
    private String json(Object value) {
        return value == null ? null : mapper.writeValueAsString(value);
    }

    private <T> T value(String json, TypeReference<T> type) {
        return json == null ? null : mapper.readValue(json, type);
    }
}
