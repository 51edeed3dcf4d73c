package org.certwright.acme.benchmarks;

import java.util.List;
import java.util.Map;

/** The runs as a Markdown table, one row per client and concurrency. */
final class Table {

    private static final String[] COLUMNS = {"client", "concurrency", "requestsPerCertificate", "medianMillis",
        "p95Millis", "certificatesPerSecond", "cpuMillisPerCertificate", "peakRssMb"};

    private Table() {
    }

    static String of(List<Map<String, String>> runs) {
        StringBuilder t = new StringBuilder("| client | concurrency | requests/cert | median ms | p95 ms | certs/s"
                + " | CPU ms/cert | peak RSS MB |\n|---|---|---|---|---|---|---|---|\n");
        for (Map<String, String> run : runs) {
            t.append('|');
            for (String c : COLUMNS) {
                t.append(' ').append(run.getOrDefault(c, "")).append(" |");
            }
            t.append('\n');
        }
        return t.toString();
    }
}
