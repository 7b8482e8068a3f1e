package com.sprintrr.generation.internal;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The internal wire against a raw socket neighbour that answers exactly as scripted: connection
 * reuse, a connection closed by the neighbour while idle, and every framing of an answer.
 */
class Http1ConnectionsTest {

    /** Far above any answer time on a loaded machine. */
    private static final long GENEROUS_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final Http1Connections connections = new Http1Connections(10_000);
    private Neighbour neighbour;

    @AfterEach
    void stop() throws IOException {
        connections.close();
        if (neighbour != null) {
            neighbour.close();
        }
    }

    @Test
    void sequentialCallsShareOneKeptAliveConnection() throws Exception {
        neighbour = new Neighbour(request -> fixed(200, "{\"n\":1}", ""));

        for (int i = 0; i < 5; i++) {
            assertEquals("{\"n\":1}", body(call("GET", null)));
        }

        assertEquals(1, neighbour.accepted.get());
        assertEquals(5, neighbour.requests.size());
    }

    @Test
    void sendsTheRequestLineHostHeadersAndBody() throws Exception {
        neighbour = new Neighbour(request -> fixed(201, "", ""));

        Http1Connections.Answer answer = connections.exchange("POST", neighbour.uri("/internal/v1/accounts/a%2Fb/holds"),
                "Authorization: Bearer t\r\n", "{\"x\":1}".getBytes(UTF_8), deadline());

        assertEquals(201, answer.status());
        String request = neighbour.requests.get(0);
        assertTrue(request.startsWith("POST /internal/v1/accounts/a%2Fb/holds HTTP/1.1\r\nHost: 127.0.0.1:"
                + neighbour.port() + "\r\nAuthorization: Bearer t\r\nContent-Length: 7\r\n\r\n{\"x\":1}"), request);
    }

    @Test
    void aConnectionTheNeighbourClosedWhileIdleIsReplacedNotReported() throws Exception {
        // Each connection answers one request and is then closed by the neighbour without saying so
        // (no "Connection: close"): the next call finds its pooled connection dead.
        neighbour = new Neighbour(request -> fixed(200, "ok", ""));
        neighbour.closeAfterEachAnswer = true;

        assertEquals("ok", body(call("GET", null)));
        neighbour.awaitClosed(1);
        assertEquals("ok", body(call("POST", new byte[0])));

        assertEquals(2, neighbour.accepted.get());
    }

    @Test
    void aFreshConnectionThatGetsNoAnswerIsAFailureNotARetry() throws Exception {
        neighbour = new Neighbour(request -> null);

        assertThrows(Http1Connections.NoAnswer.class, () -> call("GET", null));
        assertEquals(1, neighbour.accepted.get());
    }

    @Test
    void readsAChunkedAnswer() throws Exception {
        neighbour = new Neighbour(request -> ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "4\r\n{\"a\"\r\n5;ext=1\r\n:true\r\n1\r\n}\r\n0\r\nTrailer: x\r\n\r\n").getBytes(US_ASCII));

        assertEquals("{\"a\":true}", body(call("GET", null)));
        assertEquals("{\"a\":true}", body(call("GET", null)));
        assertEquals(1, neighbour.accepted.get());
    }

    @Test
    void anAnswerFramedByTheConnectionsEndIsReadWholeAndTheConnectionNotKept() throws Exception {
        neighbour = new Neighbour(request -> "HTTP/1.1 200 OK\r\n\r\nall of it".getBytes(US_ASCII));
        neighbour.closeAfterEachAnswer = true;

        assertEquals("all of it", body(call("GET", null)));
        assertEquals("all of it", body(call("GET", null)));
        assertEquals(2, neighbour.accepted.get());
    }

    @Test
    void connectionCloseIsHonoured() throws Exception {
        neighbour = new Neighbour(request -> fixed(409, "{}", "Connection: close\r\n"));

        assertEquals(409, call("GET", null).status());
        assertEquals(409, call("GET", null).status());
        assertEquals(2, neighbour.accepted.get());
    }

    @Test
    void anInterimAnswerIsSkipped() throws Exception {
        neighbour = new Neighbour(request -> ("HTTP/1.1 100 Continue\r\n\r\n"
                + new String(fixed(200, "done", ""), US_ASCII)).getBytes(US_ASCII));

        assertEquals("done", body(call("POST", new byte[] { 1 })));
    }

    @Test
    void anAnswerLargerThanTheBoundIsRefused() throws Exception {
        neighbour = new Neighbour(request -> ("HTTP/1.1 200 OK\r\nContent-Length: "
                + (Http1Connections.MAX_BODY_BYTES + 1) + "\r\n\r\n").getBytes(US_ASCII));

        IOException failure = assertThrows(IOException.class, () -> call("GET", null));
        assertEquals("answer too large", failure.getMessage());
    }

    @Test
    void aRequestWithoutBodyHasNoContentLength() {
        byte[] request = Http1Connections.frame("GET", URI.create("http://k:8081/p?q=1"), "k:8081", "A: b\r\n", null);

        assertArrayEquals("GET /p?q=1 HTTP/1.1\r\nHost: k:8081\r\nA: b\r\n\r\n".getBytes(US_ASCII), request);
    }

    private Http1Connections.Answer call(String method, byte[] body) throws IOException {
        return connections.exchange(method, neighbour.uri("/x"), "", body, deadline());
    }

    private static long deadline() {
        return System.nanoTime() + GENEROUS_NANOS;
    }

    private static String body(Http1Connections.Answer answer) {
        assertEquals(200, answer.status());
        return new String(answer.body(), UTF_8);
    }

    private static byte[] fixed(int status, String body, String extraHeaders) {
        byte[] bytes = body.getBytes(UTF_8);
        return ("HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\n" + extraHeaders + "Content-Length: "
                + bytes.length + "\r\n\r\n" + body).getBytes(UTF_8);
    }

    /** A neighbour on 127.0.0.1 answering each request with the script's bytes (null: close without answering). */
    private static final class Neighbour implements AutoCloseable {

        final AtomicInteger accepted = new AtomicInteger();
        final List<String> requests = new CopyOnWriteArrayList<>();
        final BlockingQueue<Integer> closed = new LinkedBlockingQueue<>();
        volatile boolean closeAfterEachAnswer;
        private final ServerSocket server;
        private final Function<String, byte[]> script;

        Neighbour(Function<String, byte[]> script) throws IOException {
            this.script = script;
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(this::accept, "neighbour");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port() + path);
        }

        int port() {
            return server.getLocalPort();
        }

        void awaitClosed(int count) throws InterruptedException {
            for (int i = 0; i < count; i++) {
                if (closed.poll(30, TimeUnit.SECONDS) == null) {
                    throw new AssertionError("the neighbour did not close its connection");
                }
            }
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    accepted.incrementAndGet();
                    Thread worker = new Thread(() -> serve(socket), "neighbour-connection");
                    worker.setDaemon(true);
                    worker.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket socket) {
            try (socket) {
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                String request;
                while ((request = readRequest(in)) != null) {
                    requests.add(request);
                    byte[] answer = script.apply(request);
                    if (answer == null) {
                        return;
                    }
                    out.write(answer);
                    out.flush();
                    if (closeAfterEachAnswer) {
                        return;
                    }
                }
            } catch (IOException e) {
                // The client went away: nothing to serve.
            } finally {
                closed.add(1);
            }
        }

        /** The request's head and body (by Content-Length) as text; null at the end of the connection. */
        private static String readRequest(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                head.write(b);
                String text = head.toString(US_ASCII);
                if (text.endsWith("\r\n\r\n")) {
                    int length = 0;
                    for (String line : text.split("\r\n")) {
                        if (line.toLowerCase().startsWith("content-length:")) {
                            length = Integer.parseInt(line.substring(15).trim());
                        }
                    }
                    byte[] body = in.readNBytes(length);
                    return text + new String(body, UTF_8);
                }
            }
            return null;
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
