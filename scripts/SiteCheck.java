import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Checks a generated site (run by scripts/site.sh: java scripts/SiteCheck.java target/site):
 * <ul>
 *   <li>every internal link and image of the site's pages resolves, anchors included, links into
 *       the javadoc (apidocs/) too, and the site links the javadoc;
 *   <li>"Last Published" is the build's date;
 *   <li>headless Chromium screenshots of the front page and of a long page are not blank and show the
 *       skin (its styles loaded), saved under target/site-check/ for a look.
 * </ul>
 * Without Chromium the screenshots are skipped, unless CI is set: then the check fails.
 * Exit status 0 when everything holds, 1 with one line per problem otherwise.
 */
public final class SiteCheck {

    private static final Pattern LINK = Pattern.compile("(?:href|src)=\"([^\"]*)\"");
    private static final Pattern ANCHOR = Pattern.compile("(?:id|name)=\"([^\"]+)\"");

    private final Path site;
    private final Map<Path, Set<String>> anchors = new HashMap<>();
    private final List<String> problems = new ArrayList<>();

    private SiteCheck(Path site) {
        this.site = site;
    }

    public static void main(String[] args) throws Exception {
        Path site = Path.of(args.length > 0 ? args[0] : "target/site").toAbsolutePath().normalize();
        Path shots = site.resolveSibling("site-check");
        SiteCheck check = new SiteCheck(site);
        if (!Files.isRegularFile(site.resolve("index.html"))) {
            System.err.println("SiteCheck: no site at " + site + " (build it with scripts/site.sh)");
            System.exit(1);
        }
        int pages = check.links();
        check.publishDate();
        check.screenshots(shots);
        if (check.problems.isEmpty()) {
            System.out.println("SiteCheck: " + pages + " pages, links and anchors resolve; screenshots in " + shots);
            return;
        }
        check.problems.forEach(p -> System.err.println("SiteCheck: " + p));
        System.exit(1);
    }

    /** Checks the links of the site's own pages (not of the javadoc's, which javadoc checks itself). */
    private int links() throws IOException {
        List<Path> pages;
        try (Stream<Path> walk = Files.walk(site)) {
            pages = walk.filter(p -> p.toString().endsWith(".html"))
                    .filter(p -> !site.relativize(p).startsWith("apidocs")).sorted().toList();
        }
        boolean linksJavadoc = false;
        for (Path page : pages) {
            String html = Files.readString(page, StandardCharsets.UTF_8);
            Matcher links = LINK.matcher(html);
            while (links.find()) {
                String link = links.group(1).replace("&amp;", "&");
                if (link.isEmpty() || link.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") || link.startsWith("//")) {
                    continue; // external: http(s), mailto, javascript
                }
                int hash = link.indexOf('#');
                String file = hash < 0 ? link : link.substring(0, hash);
                String anchor = hash < 0 ? null : link.substring(hash + 1);
                int query = file.indexOf('?');
                if (query >= 0) {
                    file = file.substring(0, query);
                }
                Path target = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
                if (Files.isDirectory(target)) {
                    target = target.resolve("index.html");
                }
                linksJavadoc |= site.relativize(target).startsWith("apidocs");
                String from = site.relativize(page).toString();
                if (!target.startsWith(site) || !Files.isRegularFile(target)) {
                    problems.add(from + ": broken link " + link);
                } else if (anchor != null && !anchor.isEmpty() && target.toString().endsWith(".html")
                        && !anchorsOf(target).contains(anchor)) {
                    problems.add(from + ": no anchor #" + anchor + " in " + site.relativize(target));
                }
            }
        }
        if (!linksJavadoc) {
            problems.add("no page links the javadoc (apidocs/)");
        }
        return pages.size();
    }

    private Set<String> anchorsOf(Path page) throws IOException {
        Set<String> known = anchors.get(page);
        if (known == null) {
            known = new HashSet<>();
            Matcher m = ANCHOR.matcher(Files.readString(page, StandardCharsets.UTF_8));
            while (m.find()) {
                known.add(m.group(1));
            }
            anchors.put(page, known);
        }
        return known;
    }

    private void publishDate() throws IOException {
        String html = Files.readString(site.resolve("index.html"), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("Last Published: (\\d{4}-\\d{2}-\\d{2})").matcher(html);
        if (!m.find()) {
            problems.add("index.html: no \"Last Published\" date");
            return;
        }
        LocalDate published = LocalDate.parse(m.group(1));
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        if (published.isBefore(today.minusDays(1)) || published.isAfter(today.plusDays(1))) {
            problems.add("index.html: Last Published " + published + " is not the build's date (" + today + ")");
        }
    }

    private void screenshots(Path shots) throws IOException, InterruptedException {
        String chromium = findChromium();
        if (chromium == null) {
            String message = "no chromium on the PATH (apt-get install chromium): screenshots not taken";
            if (System.getenv("CI") != null) {
                problems.add(message + ", and CI is set");
            } else {
                System.err.println("SiteCheck: " + message);
            }
            return;
        }
        Files.createDirectories(shots);
        screenshot(chromium, "index.html", shots.resolve("index.png"));
        screenshot(chromium, "lifecycle-delivery.html", shots.resolve("lifecycle-delivery.png"));
    }

    private void screenshot(String chromium, String page, Path png) throws IOException, InterruptedException {
        Files.deleteIfExists(png);
        Path profile = Files.createTempDirectory("site-check-chromium");
        Process process = new ProcessBuilder(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--hide-scrollbars", "--no-first-run", "--user-data-dir=" + profile,
                "--window-size=1280,1600", "--screenshot=" + png, site.resolve(page).toUri().toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                problems.add(page + ": chromium did not finish a screenshot within 90 s");
                return;
            }
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            deleteTree(profile);
        }
        BufferedImage image = Files.isRegularFile(png) ? ImageIO.read(png.toFile()) : null;
        if (image == null) {
            problems.add(page + ": chromium wrote no screenshot (exit " + process.exitValue() + ")");
            return;
        }
        // A page whose styles failed to load is black text on white: few colours, no skin.
        Set<Integer> colours = new HashSet<>();
        int white = 0;
        int samples = 0;
        for (int y = 0; y < image.getHeight(); y += 4) {
            for (int x = 0; x < image.getWidth(); x += 4) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                white += rgb == 0xffffff ? 1 : 0;
                samples++;
            }
        }
        if (colours.size() < 16 || white > samples * 0.97) {
            problems.add(page + ": the screenshot looks blank or unstyled (" + colours.size() + " colours, "
                    + (100 * white / samples) + "% white): " + png);
        }
    }

    private static String findChromium() {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
                if (Files.isExecutable(Path.of(dir, name))) {
                    return Path.of(dir, name).toString();
                }
            }
        }
        return null;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
