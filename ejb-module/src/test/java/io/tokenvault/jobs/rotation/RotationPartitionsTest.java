package io.tokenvault.jobs.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenvault.crypto.control.SealedTable;
import io.tokenvault.testsupport.TestDatabases;
import jakarta.batch.api.partition.PartitionPlan;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The rotation's partition plan: every sealed table once, the connections split into the requested row-key ranges,
 * except on H2, which pages in physical order and keeps them one partition.
 */
class RotationPartitionsTest {

    private TestDatabases.Database db;

    @AfterEach
    void dropSchema() {
        if (db != null) {
            TestDatabases.dispose(db);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tokenvault.testsupport.TestDatabases#kinds")
    void splitsTheConnectionsByIdRangeExceptOnH2(String kind) {
        db = TestDatabases.freshOf(kind);
        RotationPartitions mapper = new RotationPartitions();
        mapper.connectionRanges = "4";
        mapper.threads = "2";
        if (kind.equals("h2")) {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL(db.url());
            h2.setUser(db.user());
            h2.setPassword(db.password());
            mapper.dataSource = h2;
        } else {
            PGSimpleDataSource pg = new PGSimpleDataSource();
            pg.setURL(db.url());
            pg.setUser(db.user());
            mapper.dataSource = pg;
        }

        PartitionPlan plan = mapper.mapPartitions();

        List<Properties> connections = Arrays.stream(plan.getPartitionProperties())
                .filter(p -> p.getProperty("table").equals(SealedTable.CONNECTION.name())).toList();
        List<String> bounds = connections.stream().map(p -> p.getProperty("after") + ".." + p.getProperty("before"))
                .toList();
        assertThat(bounds).containsExactlyElementsOf(kind.equals("h2") ? List.of("..")
                : List.of("..4", "4..8", "8..c", "c.."));
        assertThat(plan.getPartitions()).isEqualTo(SealedTable.values().length - 1 + connections.size());
        assertThat(plan.getThreads()).isEqualTo(2);
    }
}
