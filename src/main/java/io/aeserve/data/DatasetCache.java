package io.aeserve.data;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Uploaded datasets kept in memory after their first use, least recently used first out, bounded both by count
 * and by bytes. A dataset larger than the whole byte budget is not kept: it would push out everything else.
 */
final class DatasetCache {

    private final int maxDatasets;
    private final long maxBytes;
    private final LinkedHashMap<String, DataMatrix> datasets = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    DatasetCache(int maxDatasets, long maxBytes) {
        this.maxDatasets = maxDatasets;
        this.maxBytes = maxBytes;
    }

    synchronized DataMatrix get(String id) {
        return datasets.get(id);
    }

    synchronized void put(String id, DataMatrix data) {
        remove(id);
        long size = data.bytes();
        if (maxDatasets <= 0 || size > maxBytes) {
            return;
        }
        datasets.put(id, data);
        bytes += size;
        Iterator<Map.Entry<String, DataMatrix>> eldest = datasets.entrySet().iterator();
        while (datasets.size() > maxDatasets || bytes > maxBytes) {
            bytes -= eldest.next().getValue().bytes();
            eldest.remove();
        }
    }

    synchronized void remove(String id) {
        DataMatrix removed = datasets.remove(id);
        if (removed != null) {
            bytes -= removed.bytes();
        }
    }
}
