package io.tokenvault.jobs.rotation;

import io.tokenvault.crypto.control.Resealer;
import io.tokenvault.crypto.control.SealedTable;
import jakarta.annotation.Resource;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.partition.PartitionMapper;
import jakarta.batch.api.partition.PartitionPlan;
import jakarta.batch.api.partition.PartitionPlanImpl;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * Splits re-encryption into partitions: each sealed table on its own, and the connections (whose row keys are random
 * hex) into {@code connectionRanges} row-key ranges by their first hex digit, so that the partitions are about equal
 * and never overlap. On H2 the connections stay one partition: H2 pages in physical order ({@link Resealer#page}), so
 * every range would walk the whole table, and a second writer does not make H2 faster (bench/README.md, finding K9).
 * A restart keeps the same plan (JBeret restores it) and each partition resumes after its last checkpoint.
 */
@Dependent
@Named("rotationPartitions")
public class RotationPartitions implements PartitionMapper {

    @Inject
    @BatchProperty
    String connectionRanges;

    @Inject
    @BatchProperty
    String threads;

    @Resource(lookup = "java:jboss/datasources/TokenvaultDS")
    DataSource dataSource;

    @Override
    public PartitionPlan mapPartitions() {
        int ranges = Resealer.pagesPhysically(dataSource) ? 1 : parse(connectionRanges, 4);
        List<Properties> partitions = new ArrayList<>();
        for (SealedTable table : SealedTable.values()) {
            int n = table == SealedTable.CONNECTION ? ranges : 1;
            for (int i = 0; i < n; i++) {
                Properties p = new Properties();
                p.setProperty("table", table.name());
                p.setProperty("after", bound(i, n, ""));
                p.setProperty("before", bound(i + 1, n, "")); // "": no upper bound
                partitions.add(p);
            }
        }
        PartitionPlanImpl plan = new PartitionPlanImpl();
        plan.setPartitions(partitions.size());
        plan.setThreads(Math.min(partitions.size(), parse(threads, 2)));
        plan.setPartitionProperties(partitions.toArray(Properties[]::new));
        return plan;
    }

    /**
     * The i-th of n bounds over the first hex digit: "" (no bound) at both ends, "4", "8", "c" between. Only single
     * hex digits are compared, so the ranges hold under any collation.
     */
    static String bound(int i, int n, String edge) {
        if (i == 0 || i == n) {
            return edge;
        }
        return Integer.toHexString(i * 16 / n);
    }

    private static int parse(String value, int fallback) {
        try {
            return value == null || value.isBlank() ? fallback : Math.max(1, Math.min(16, Integer.parseInt(value)));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
