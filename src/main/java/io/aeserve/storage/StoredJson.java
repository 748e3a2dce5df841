package io.aeserve.storage;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON mapper for files the service stores and archives it reads: like the API's, but tolerant of fields it
 * does not know, so files written by a newer version of the service still load after a rollback.
 */
public final class StoredJson {

    private StoredJson() {}

    public static JsonMapper mapper(JsonMapper apiMapper) {
        return apiMapper.rebuild().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    }
}
