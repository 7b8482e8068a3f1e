package com.sprintrr.credits.bench;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import com.sprintrr.testing.EmbeddedDatabase;

/**
 * A private PostgreSQL server run like production (fsync on, synchronous_commit on) from the
 * binaries the embedded test server unpacks. The test server itself starts with {@code -F}
 * (fsync off), which no setting can undo: fine for tests, wrong for measuring what a durable
 * commit costs, and a commit per event is exactly what the baseline pays.
 */
final class DurablePostgres implements AutoCloseable {

    private final Path bin;
    private final Path data;
    private final int port;
    private final boolean asNobody;

    private DurablePostgres(Path bin, Path data, int port, boolean asNobody) {
        this.bin = bin;
        this.data = data;
        this.port = port;
        this.asNobody = asNobody;
    }

    static DurablePostgres start() throws IOException, InterruptedException {
        EmbeddedDatabase.server(); // unpacks the binaries
        Path bin = binaries();
        Path root = Files.createTempDirectory("credits-bench-pg");
        boolean asNobody = "root".equals(System.getProperty("user.name")); // initdb refuses to run as root
        if (asNobody) {
            UserPrincipal nobody = root.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
            Files.setOwner(root, nobody);
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        DurablePostgres pg = new DurablePostgres(bin, root.resolve("data"), port, asNobody);
        pg.run(bin.resolve("initdb").toString(), "-D", pg.data.toString(), "-U", "postgres", "-A", "trust", "-E", "UTF-8");
        pg.run(bin.resolve("pg_ctl").toString(), "-D", pg.data.toString(), "-w", "-l", root.resolve("log").toString(), "-o",
                "-p " + port + " -k " + root + " -c fsync=on -c synchronous_commit=on -c max_connections=50"
                        + " -c listen_addresses=localhost",
                "start");
        Runtime.getRuntime().addShutdownHook(new Thread(pg::stopQuietly, "bench-postgres-stop"));
        return pg;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/postgres";
    }

    @Override
    public void close() {
        stopQuietly();
    }

    private void stopQuietly() {
        Path root = data.getParent();
        if (!Files.exists(root)) {
            return;
        }
        try {
            if (Files.exists(data.resolve("postmaster.pid"))) {
                run(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop");
            }
            try (Stream<Path> files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            // The JVM is going away; whatever is left is under the temporary directory.
        }
    }

    private static Path binaries() throws IOException {
        Path unpacked = Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg");
        try (Stream<Path> dirs = Files.list(unpacked)) {
            return dirs.map(d -> d.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparingLong(b -> b.toFile().lastModified()))
                    .orElseThrow(() -> new IOException("no PostgreSQL binaries under " + unpacked));
        }
    }

    private void run(String... command) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>();
        if (asNobody) {
            argv.addAll(List.of("su", "nobody", "-s", "/bin/sh", "-c", quote(command)));
        } else {
            argv.addAll(List.of(command));
        }
        Process p = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(new File(data.getParent().toFile(), "commands.log")))
                .start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("failed: " + String.join(" ", command) + " (see " + data.getParent() + "/commands.log)");
        }
    }

    private static String quote(String... command) {
        StringBuilder s = new StringBuilder();
        for (String arg : command) {
            s.append('\'').append(arg.replace("'", "'\\''")).append("' ");
        }
        return s.toString();
    }
}
