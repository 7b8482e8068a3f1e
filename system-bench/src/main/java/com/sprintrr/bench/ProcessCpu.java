package com.sprintrr.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * CPU time of named groups of processes, from Linux's /proc/PID/stat (utime + stime, in clock
 * ticks). A group is a process and, where asked, its descendants (PostgreSQL's backends, npx's
 * node). Where /proc does not exist (macOS) every figure is unknown. (test-support's
 * {@code CpuMeter} is the other measure: this JVM's CPU per operation, for the focused benchmarks.)
 */
final class ProcessCpu {

    /** Clock ticks per second of /proc/PID/stat; 100 on every Linux kernel configuration in use. */
    private static final double TICKS_PER_SECOND = 100.0;

    private final Map<String, Supplier<Set<Long>>> groups = new LinkedHashMap<>();

    static boolean supported() {
        return Files.isReadable(Path.of("/proc/self/stat"));
    }

    /** Adds a group: the process {@code pid} gives (-1 when not running) and, with {@code withDescendants}, its descendants. */
    void add(String name, java.util.function.LongSupplier pid, boolean withDescendants) {
        groups.put(name, () -> {
            Set<Long> pids = new TreeSet<>();
            long root = pid.getAsLong();
            if (root > 0) {
                pids.add(root);
                if (withDescendants) {
                    ProcessHandle.of(root).ifPresent(p -> p.descendants().forEach(d -> pids.add(d.pid())));
                }
            }
            return pids;
        });
    }

    Set<String> names() {
        return groups.keySet();
    }

    /** Ticks used so far by each process of each group. */
    Map<String, Map<Long, Long>> snapshot() {
        Map<String, Map<Long, Long>> snapshot = new LinkedHashMap<>();
        groups.forEach((name, pids) -> {
            Map<Long, Long> ticks = new HashMap<>();
            for (long pid : pids.get()) {
                long used = ticks(pid);
                if (used >= 0) {
                    ticks.put(pid, used);
                }
            }
            snapshot.put(name, ticks);
        });
        return snapshot;
    }

    /**
     * CPU milliseconds each group used between two snapshots. A process that started in between
     * counts whole; one that ended in between is lost (PostgreSQL's pooled backends live long).
     */
    static Map<String, Double> millisBetween(Map<String, Map<Long, Long>> before, Map<String, Map<Long, Long>> after) {
        Map<String, Double> millis = new LinkedHashMap<>();
        after.forEach((name, ticks) -> {
            Map<Long, Long> old = before.getOrDefault(name, Map.of());
            long sum = 0;
            for (Map.Entry<Long, Long> process : ticks.entrySet()) {
                sum += process.getValue() - old.getOrDefault(process.getKey(), 0L);
            }
            millis.put(name, sum * 1000 / TICKS_PER_SECOND);
        });
        return millis;
    }

    /** CPU milliseconds one process has used so far, or -1 when it is gone or unknown. */
    static long millis(long pid) {
        long used = ticks(pid);
        return used < 0 ? -1 : (long) (used * 1000 / TICKS_PER_SECOND);
    }

    /** utime + stime of one process, or -1 when it is gone; fields 14 and 15, counted after the ")" ending the name. */
    private static long ticks(long pid) {
        return ticks(Path.of("/proc", String.valueOf(pid), "stat"));
    }

    private static long ticks(Path stat) {
        try {
            String line = Files.readString(stat);
            String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Ticks used so far by the threads of one process, summed per thread name with its numbers
     * replaced by {@code #} (so a pool's threads add up); Linux keeps the first 15 characters of a
     * Java thread's name. Empty where there is no /proc.
     */
    static Map<String, Long> threadTicks(long pid) {
        Map<String, Long> ticks = new TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : tasks.toList()) {
                long used = ticks(task.resolve("stat"));
                if (used > 0) {
                    String name = Files.readString(task.resolve("comm")).strip().replaceAll("[0-9]+", "#");
                    ticks.merge(name, used, Long::sum);
                }
            }
        } catch (IOException | RuntimeException gone) {
            // The process ended, or this is not Linux: nothing to show.
        }
        return ticks;
    }

    /** Resident memory of one process in MiB (VmRSS of /proc/PID/status), or -1 when unknown. */
    static double rssMib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // Gone, or no /proc.
        }
        return -1;
    }
}
