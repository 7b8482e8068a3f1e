package com.sprintrr.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.sprintrr.localstack.LocalStack;
import com.sprintrr.localstack.Service;

/**
 * {@code --jfr}: a Flight Recorder profile of each service over one measured slice, started and
 * dumped with jcmd, so the services need no extra JVM options: one file per slice and service,
 * so byok and credits are profiled apart. Read the files with
 * {@code jfr print --events jdk.ExecutionSample} or {@code jfr summary}.
 */
final class Jfr {

    private final Map<Long, Path> recordings = new LinkedHashMap<>();

    /** Starts a recording in each service, into {@code dir/<slice>-<service>.jfr}. */
    static Jfr start(LocalStack stack, Path dir, String slice) throws Exception {
        Files.createDirectories(dir);
        Jfr jfr = new Jfr();
        for (Service service : Service.values()) {
            long pid = stack.instances(service).get(0).pid().orElseThrow();
            Path file = dir.resolve(slice + "-" + service.module() + ".jfr").toAbsolutePath();
            jcmd(pid, "JFR.start", "name=bench", "settings=profile", "filename=" + file);
            jfr.recordings.put(pid, file);
        }
        return jfr;
    }

    /** Stops the recordings, which writes their files. */
    void stop() throws Exception {
        for (Map.Entry<Long, Path> recording : recordings.entrySet()) {
            jcmd(recording.getKey(), "JFR.stop", "name=bench");
            System.out.println("[bench] JFR recording: " + recording.getValue());
        }
    }

    private static void jcmd(long pid, String... command) throws Exception {
        List<String> line = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), String.valueOf(pid)));
        line.addAll(List.of(command));
        Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", line) + " failed: " + output);
        }
    }
}
