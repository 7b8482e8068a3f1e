package com.sprintrr.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.sprintrr.localstack.LocalStack;
import com.sprintrr.localstack.ManagedProcess;

/**
 * The peer the stack is compared with: the Portkey AI gateway from npm, a stateless proxy, run
 * with Node.js against the same provider fake. Installed once into a git-ignored cache folder.
 */
final class PeerGateway implements AutoCloseable {

    static final String PACKAGE = "@portkey-ai/gateway@1.15.2";

    private final ManagedProcess process;
    private final int port;

    private PeerGateway(ManagedProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Installs the package into {@code cache} if needed and starts it; empty when node or npm is missing or the install fails. */
    static java.util.Optional<PeerGateway> start(Path cache) throws IOException, InterruptedException {
        if (!runs(List.of("node", "--version"), cache) || !runs(List.of("npm", "--version"), cache)) {
            System.out.println("[bench] node or npm not found: the peer gateway is left out");
            return java.util.Optional.empty();
        }
        Path server = cache.resolve("node_modules/@portkey-ai/gateway/build/start-server.js");
        if (!Files.exists(server)) {
            System.out.println("[bench] npm install " + PACKAGE + " into " + cache);
            ManagedProcess install = ManagedProcess.start("npm-install",
                    List.of("npm", "install", "--no-audit", "--no-fund", "--prefix", cache.toString(), PACKAGE),
                    Map.of(), cache, cache.resolve("npm-install.log"));
            if (install.waitFor(600) != 0 || !Files.exists(server)) {
                System.out.println("[bench] npm install failed (see " + install.log() + "): the peer gateway is left out");
                return java.util.Optional.empty();
            }
        }
        int port = LocalStack.freePort();
        ManagedProcess node = ManagedProcess.start("peer", List.of("node", server.toString(), "--port=" + port, "--headless"),
                Map.of(), cache, cache.resolve("peer.log"));
        PeerGateway peer = new PeerGateway(node, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && node.isAlive()) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return java.util.Optional.of(peer);
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        peer.close();
        System.out.println("[bench] the peer gateway did not listen (see " + node.log() + "): it is left out");
        return java.util.Optional.empty();
    }

    private static boolean runs(List<String> command, Path dir) throws InterruptedException {
        try {
            Files.createDirectories(dir);
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException notInstalled) {
            return false;
        }
    }

    String chatCompletionsUrl() {
        return "http://127.0.0.1:" + port + "/v1/chat/completions";
    }

    long pid() {
        return process.isAlive() ? process.pid() : -1;
    }

    @Override
    public void close() {
        process.close();
    }
}
