package org.certwright.acme.benchmarks;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A grouped bar chart of the runs as SVG, written by hand (a few rectangles and labels need no
 * charting library): one panel per measure, one bar per client and concurrency.
 */
final class Chart {

    private static final String[][] PANELS = {
        {"requestsPerCertificate", "requests per certificate"},
        {"medianMillis", "median ms per certificate"},
        {"certificatesPerSecond", "certificates per second"},
        {"cpuMillisPerCertificate", "client CPU ms per certificate"},
        {"peakRssMb", "peak RSS MB"},
    };
    private static final Map<String, String> COLOURS = Map.of("certwright", "#2b6cb0", "acme4j", "#dd6b20");
    private static final int PANEL_W = 220;
    private static final int PANEL_H = 200;
    private static final int BAR_AREA = 140;

    private Chart() {
    }

    static String svg(List<Map<String, String>> runs) {
        int width = PANEL_W * PANELS.length + 20;
        int height = PANEL_H + 60;
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\""
                        + " font-size=\"11\">\n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n", width, height));
        for (int p = 0; p < PANELS.length; p++) {
            String key = PANELS[p][0];
            double max = runs.stream().mapToDouble(r -> Double.parseDouble(r.getOrDefault(key, "0"))).max().orElse(1);
            int x0 = 10 + p * PANEL_W;
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" font-weight=\"bold\">%s</text>\n", x0,
                    PANELS[p][1]));
            int barW = (PANEL_W - 30) / Math.max(1, runs.size());
            for (int i = 0; i < runs.size(); i++) {
                Map<String, String> r = runs.get(i);
                double v = Double.parseDouble(r.getOrDefault(key, "0"));
                int h = (int) Math.round(max <= 0 ? 0 : v / max * BAR_AREA);
                int x = x0 + i * barW;
                int y = 40 + BAR_AREA - h;
                s.append(String.format(Locale.ROOT,
                        "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>\n", x, y, barW - 4, h,
                        COLOURS.getOrDefault(r.get("client"), "#718096")));
                s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"9\">%s</text>\n", x, y - 3,
                        r.get(key)));
                s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"9\">c=%s</text>\n", x,
                        40 + BAR_AREA + 12, r.get("concurrency")));
            }
        }
        int legendY = PANEL_H + 30;
        int lx = 10;
        for (Map.Entry<String, String> c : List.of(Map.entry("certwright", COLOURS.get("certwright")),
                Map.entry("acme4j", COLOURS.get("acme4j")))) {
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text>\n", lx, legendY, c.getValue(), lx + 16, legendY + 10,
                    c.getKey()));
            lx += 110;
        }
        return s.append("</svg>\n").toString();
    }
}
