package com.sprintrr.testing;


import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The metrics a service promises (the README, the alert rules and the dashboard), read from the one
 * list {@code deploy/monitoring/metrics.txt} that deploy/validate/validate.mjs also checks the rules
 * and dashboard against, compared with what the running service really serves on {@code /q/metrics}.
 */
public final class PromisedMetrics {

    private PromisedMetrics() {
    }

    /** Names listed for the service (lines "service name" and "all name"). */
    public static List<String> of(String service) {
        List<String> names = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(list())) {
                String[] cells = line.strip().split("\\s+");
                if (cells.length >= 2 && !cells[0].startsWith("#") && (cells[0].equals(service) || cells[0].equals("all"))) {
                    names.add(cells[1]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    /** Metric names (samples without labels and value) of the service's /q/metrics (management port) right now. */
    public static Set<String> exposed() {
        Set<String> names = new TreeSet<>();
        for (String line : Management.given().when().get("/q/metrics").then().statusCode(200).extract().asString().split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        return names;
    }

    /**
     * Waits (some meters appear only once their client or first call exists) until every promised
     * name is served; fails listing the missing ones. Writes what was served to target/exposed-metrics.txt.
     */
    public static void assertAllExposed(String service, Duration timeout) {
        List<String> promised = of(service);
        if (promised.isEmpty()) {
            throw new AssertionError("deploy/monitoring/metrics.txt lists nothing for " + service);
        }
        AtomicReference<Set<String>> last = new AtomicReference<>(Set.of());
        try {
            Await.until("metrics " + promised + " on /q/metrics", timeout, () -> {
                last.set(exposed());
                return last.get().containsAll(promised);
            });
        } catch (AssertionError e) {
            List<String> missing = new ArrayList<>(promised);
            missing.removeAll(last.get());
            throw new AssertionError(service + " does not serve " + missing + " (served: " + last.get() + ")", e);
        } finally {
            try {
                Files.write(Path.of("target", "exposed-metrics.txt"), last.get());
            } catch (IOException ignored) {
                // Only a help for whoever edits the list.
            }
        }
    }

    private static Path list() {
        // Tests run in the module's folder; the list lives at the repository root's deploy/monitoring.
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("deploy/monitoring/metrics.txt");
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("deploy/monitoring/metrics.txt not found above " + Path.of("").toAbsolutePath());
    }
}
