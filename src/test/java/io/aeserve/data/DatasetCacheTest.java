package io.aeserve.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetCacheTest {

    /** A dataset of {@code values} floats, {@code 4 * values} bytes. */
    private static DataMatrix ofValues(int values) {
        return new DataMatrix(new float[values], values, List.of(1), null);
    }

    @Test
    void theLeastRecentlyUsedLeaveWhenTheBytesRunOut() {
        DatasetCache cache = new DatasetCache(10, 1000);
        cache.put("a", ofValues(100));
        cache.put("b", ofValues(100));
        cache.get("a");
        cache.put("c", ofValues(100));
        assertThat(cache.get("b")).isNull();
        assertThat(cache.get("a")).isNotNull();
        assertThat(cache.get("c")).isNotNull();
    }

    @Test
    void labelsCountTowardsTheBytes() {
        DatasetCache cache = new DatasetCache(10, 1000);
        cache.put("a", new DataMatrix(new float[100], 100, List.of(1), new int[100]));
        cache.put("b", ofValues(51));
        assertThat(cache.get("a")).isNull();
        assertThat(cache.get("b")).isNotNull();
    }

    @Test
    void aDatasetLargerThanTheBudgetIsNotKeptAndPushesNothingOut() {
        DatasetCache cache = new DatasetCache(10, 1000);
        cache.put("small", ofValues(10));
        cache.put("huge", ofValues(251));
        assertThat(cache.get("huge")).isNull();
        assertThat(cache.get("small")).isNotNull();
    }

    @Test
    void theCountStillBounds() {
        DatasetCache cache = new DatasetCache(2, 1 << 30);
        cache.put("a", ofValues(1));
        cache.put("b", ofValues(1));
        cache.put("c", ofValues(1));
        assertThat(cache.get("a")).isNull();
        assertThat(cache.get("b")).isNotNull();
        assertThat(cache.get("c")).isNotNull();
    }

    @Test
    void replacingOrRemovingGivesTheBytesBack() {
        DatasetCache cache = new DatasetCache(10, 1000);
        cache.put("a", ofValues(200));
        cache.put("a", ofValues(200));
        cache.put("b", ofValues(50));
        assertThat(cache.get("a")).isNotNull();
        cache.remove("a");
        cache.put("c", ofValues(200));
        assertThat(cache.get("b")).isNotNull();
        assertThat(cache.get("c")).isNotNull();
    }
}
