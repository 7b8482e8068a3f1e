package com.sprintrr.testing;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * CPU and wall time of a measured stretch, for the focused benchmarks: the calling thread's CPU
 * (the work it did itself) and the whole JVM's (helpers and background threads too; not other
 * processes such as PostgreSQL), printed per operation.
 */
public final class CpuMeter {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final long wallStart;
    private final long threadStart;
    private final long processStart;

    private CpuMeter() {
        wallStart = System.nanoTime();
        threadStart = THREADS.getCurrentThreadCpuTime();
        processStart = processCpuNanos();
    }

    public static CpuMeter start() {
        return new CpuMeter();
    }

    /** Prints "label: n ops in s = ops/s, CPU ms per op: thread x, JVM y, load average z". */
    public void print(String label, long operations) {
        long wall = System.nanoTime() - wallStart;
        long thread = THREADS.getCurrentThreadCpuTime() - threadStart;
        long process = processCpuNanos() - processStart;
        System.out.println(String.format(Locale.ROOT,
                "%s: %d events in %.2f s = %.0f events/s; CPU ms per event: thread %.3f, JVM %.3f; load average %.2f",
                label, operations, wall / 1e9, operations / (wall / 1e9), thread / 1e6 / operations,
                process / 1e6 / operations, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }
}
