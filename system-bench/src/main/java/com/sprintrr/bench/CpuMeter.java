package com.sprintrr.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * CPU time of named groups of processes, from Linux's /proc/PID/stat (utime + stime, in clock
 * ticks). A group is a process and, where asked, its descendants (PostgreSQL's backends, npx's
 * node). Where /proc does not exist (macOS) every figure is unknown.
 */
final class CpuMeter {

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

    /** utime + stime of one process, or -1 when it is gone; fields 14 and 15, counted after the ")" ending the name. */
    private static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
