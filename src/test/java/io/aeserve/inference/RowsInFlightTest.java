package io.aeserve.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aeserve.error.CapacityExceededException;
import io.aeserve.score.ScoreCatalog;
import org.junit.jupiter.api.Test;

class RowsInFlightTest {

    @Test
    void requestsBeyondTheLimitAreRefusedUntilRowsAreGivenBack() {
        RowsInFlight rows = new RowsInFlight(100);
        RowsInFlight.Permit first = rows.acquire(60);
        RowsInFlight.Permit second = rows.acquire(40);
        assertThat(rows.current()).isEqualTo(100);
        assertThatThrownBy(() -> rows.acquire(1)).isInstanceOf(CapacityExceededException.class)
                .hasMessageContaining("aeserve.limits.max-rows-in-flight")
                .satisfies(e -> assertThat(((CapacityExceededException) e).retryAfterSeconds()).isPositive());
        first.close();
        first.close();
        assertThat(rows.current()).isEqualTo(40);
        try (RowsInFlight.Permit third = rows.acquire(60)) {
            assertThat(rows.current()).isEqualTo(100);
        }
        second.close();
        assertThat(rows.current()).isZero();
    }

    @Test
    void aRequestHeavierThanTheLimitRunsAlone() {
        RowsInFlight rows = new RowsInFlight(100);
        try (RowsInFlight.Permit heavy = rows.acquire(4096L * ScoreCatalog.standard().rowCost("knn"))) {
            assertThat(rows.current()).isEqualTo(100);
            assertThatThrownBy(() -> rows.acquire(1)).isInstanceOf(CapacityExceededException.class);
        }
        assertThat(rows.current()).isZero();
    }
}
