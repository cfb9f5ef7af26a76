package com.carrier.hub.batchfile.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Slices sized to the file its control file announces (the stage on a database: {@code CopyStageIT}). */
class PipelinedCopyStageTest {

    @ParameterizedTest(name = "{0} rows, at most {1} a slice -> {2}")
    @CsvSource({
            // a large file: the factory's slice
            "10000000, 500000, 500000",
            "50000000, 500000, 500000",
            // daily deltas: a twentieth of the file, so the last, unoverlapped slice is a twentieth too
            "1000000, 500000, 50000",
            "2000000, 500000, 100000",
            "5000000, 500000, 250000",
            "1000001, 500000, 50001",
            // small files: the floor, below which a slice's fixed cost outweighs its rows
            "30000, 500000, 10000",
            "0, 500000, 10000",
            // a factory's smaller slice is never exceeded
            "30000, 2, 2",
            "1000000, 4000, 4000"})
    void slicesAreATwentiethOfTheFileBetweenTheFloorAndTheFactorysSlice(long rows, int max, int expected) {
        assertThat(PipelinedCopyStage.sliceRowsFor(rows, max)).isEqualTo(expected);
    }
}
