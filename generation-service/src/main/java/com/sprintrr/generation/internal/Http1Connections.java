package com.sprintrr.generation.internal;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.Arrays;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Keep-alive HTTP/1.1 exchanges with key-service and credit-service, done entirely on the calling
 * thread: write the request, block in the socket read until the answer is there. Hand-made because
 * it is on every generation's path: the JDK HttpClient does each exchange through its selector
 * thread (a selector wake-up to register the read, then a wake-up of the caller once the selector
 * thread parsed the answer), about a fifth of this service's CPU per generation in a profile, while
 * a blocking read costs one kernel wake-up. It speaks only what the neighbours answer: a status,
 * headers, and a body framed by Content-Length, chunked transfer coding or the connection's close.
 *
 * <p>An idle pooled connection may have been closed by the neighbour (restart, idle timeout): an
 * exchange on a reused connection that fails before any byte of an answer arrived is sent once
 * more on a new connection, and the other idle connections to that neighbour are dropped. Both
 * internal POSTs may be repeated: the credential request reads, a hold is keyed by generation id.
 */
final class Http1Connections implements AutoCloseable {

    /** A complete answer. */
    record Answer(int status, byte[] body) {
    }

    /** The exchange failed before any byte of an answer arrived; on a reused connection it may be repeated. */
    static final class NoAnswer extends IOException {

        private static final long serialVersionUID = 1L;

        NoAnswer(IOException cause) {
            super(cause.getClass().getSimpleName(), cause);
        }
    }

    /** Connecting did not finish within the connect timeout. */
    static final class ConnectTimeout extends IOException {

        private static final long serialVersionUID = 1L;

        ConnectTimeout() {
            super("connect timed out");
        }
    }

    /** Larger than any answer of an internal API; a bound so a wrong neighbour cannot fill the heap. */
    static final int MAX_BODY_BYTES = 1 << 20;
    /** Idle connections kept per neighbour; more are closed when returned. */
    static final int MAX_IDLE_PER_NEIGHBOUR = 64;
    /** An idle connection older than this is closed instead of reused (below any server's idle timeout). */
    static final long MAX_IDLE_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final int MAX_HEADER_LINE = 16 * 1024;

    private final int connectTimeoutMillis;
    private final Map<String, Pool> idle = new ConcurrentHashMap<>();
    private volatile boolean closed;

    Http1Connections(int connectTimeoutMillis) {
        this.connectTimeoutMillis = connectTimeoutMillis;
    }

    /**
     * Sends the request and returns the answer. headers: "Name: value\r\n" lines (Host and
     * Content-Length are added here); body null for none. Throws SocketTimeoutException when the
     * answer did not arrive by deadlineNanos (System.nanoTime()), ConnectTimeout, or another IOException.
     */
    Answer exchange(String method, URI uri, String headers, byte[] body, long deadlineNanos) throws IOException {
        String authority = authority(uri);
        byte[] request = frame(method, uri, authority, headers, body);
        Pool pool = idle.get(authority);
        if (pool == null) {
            pool = idle.computeIfAbsent(authority, a -> new Pool());
        }
        Connection reused = pool.take();
        if (reused != null) {
            try {
                return exchangeOn(reused, request, deadlineNanos, pool);
            } catch (NoAnswer stale) {
                // The neighbour closed it while idle, likely restarted: its other idle connections are dead too.
                reused.close();
                pool.drain();
            }
        }
        return exchangeOn(connect(uri, deadlineNanos), request, deadlineNanos, pool);
    }

    private Answer exchangeOn(Connection connection, byte[] request, long deadlineNanos, Pool pool)
            throws IOException {
        boolean keep = false;
        try {
            Answer answer;
            try {
                connection.out.write(request);
                connection.out.flush();
                connection.in.awaitFirstByte(deadlineNanos);
            } catch (SocketTimeoutException e) {
                throw e;
            } catch (IOException e) {
                throw new NoAnswer(e);
            }
            Response response = Response.read(connection.in, deadlineNanos);
            answer = new Answer(response.status, response.body);
            keep = response.keepAlive && !closed;
            return answer;
        } finally {
            if (keep) {
                pool.release(connection);
                if (closed) {
                    pool.drain();
                }
            } else {
                connection.close();
            }
        }
    }

    private Connection connect(URI uri, long deadlineNanos) throws IOException {
        boolean tls = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(uri.getHost(), port), connectTimeoutMillis);
        } catch (SocketTimeoutException e) {
            socket.close();
            throw new ConnectTimeout();
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
        if (tls) {
            SSLSocket secure = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault())
                    .createSocket(socket, uri.getHost(), port, true);
            SSLParameters parameters = secure.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            secure.setSSLParameters(parameters);
            secure.setSoTimeout(remainingMillis(deadlineNanos));
            try {
                secure.startHandshake();
            } catch (IOException e) {
                secure.close();
                throw e;
            }
            socket = secure;
        }
        return new Connection(socket);
    }

    @Override
    public void close() {
        closed = true;
        idle.values().forEach(Pool::drain);
    }

    private static String authority(URI uri) {
        return uri.getPort() > 0 ? uri.getHost() + ":" + uri.getPort() : uri.getHost();
    }

    /** The request as the bytes of one write: request line, Host, headers, Content-Length (with a body), body. */
    static byte[] frame(String method, URI uri, String authority, String headers, byte[] body) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        StringBuilder text = new StringBuilder(headers.length() + target.length() + authority.length() + 64)
                .append(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: ").append(authority)
                .append("\r\n").append(headers);
        if (body != null) {
            text.append("Content-Length: ").append(body.length).append("\r\n");
        }
        byte[] headBytes = text.append("\r\n").toString().getBytes(US_ASCII);
        if (body == null || body.length == 0) {
            return headBytes;
        }
        byte[] request = Arrays.copyOf(headBytes, headBytes.length + body.length);
        System.arraycopy(body, 0, request, headBytes.length, body.length);
        return request;
    }

    /** Milliseconds until the deadline, at least 1 (0 would mean no timeout to a socket). */
    static int remainingMillis(long deadlineNanos) throws SocketTimeoutException {
        long nanos = deadlineNanos - System.nanoTime();
        if (nanos <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(nanos)));
    }

    /** The idle connections to one neighbour, most recently used first. */
    private static final class Pool {

        private final Deque<Connection> connections = new ConcurrentLinkedDeque<>();
        /** The deque's size, kept apart: ConcurrentLinkedDeque.size() walks the whole deque. */
        private final AtomicInteger size = new AtomicInteger();

        Connection take() {
            long now = System.nanoTime();
            Connection connection;
            while ((connection = connections.pollFirst()) != null) {
                size.decrementAndGet();
                if (now - connection.idleSince < MAX_IDLE_NANOS) {
                    return connection;
                }
                connection.close();
            }
            return null;
        }

        void release(Connection connection) {
            connection.idleSince = System.nanoTime();
            // Most recently used first: the busy few stay warm, the rest age out.
            connections.offerFirst(connection);
            if (size.incrementAndGet() > MAX_IDLE_PER_NEIGHBOUR) {
                Connection extra = connections.pollLast();
                if (extra != null) {
                    size.decrementAndGet();
                    extra.close();
                }
            }
        }

        void drain() {
            Connection connection;
            while ((connection = connections.pollFirst()) != null) {
                size.decrementAndGet();
                connection.close();
            }
        }
    }

    /** One keep-alive socket with its buffered input. */
    private static final class Connection {

        final Socket socket;
        final Input in;
        final OutputStream out;
        long idleSince;

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new Input(socket);
            this.out = socket.getOutputStream();
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Closing a socket we are done with: nothing to do about a failure.
            }
        }
    }

    /** A buffered socket input whose every read is bounded by the exchange's deadline. */
    static final class Input {

        private final Socket socket;
        private final InputStream stream;
        private final byte[] buffer = new byte[8192];
        private int position;
        private int limit;

        Input(Socket socket) throws IOException {
            this.socket = socket;
            this.stream = socket.getInputStream();
        }

        /** Blocks until a byte can be read; EOFException when the peer closed first. */
        void awaitFirstByte(long deadlineNanos) throws IOException {
            if (position == limit && !fill(deadlineNanos)) {
                throw new EOFException("closed before answering");
            }
        }

        private boolean fill(long deadlineNanos) throws IOException {
            socket.setSoTimeout(remainingMillis(deadlineNanos));
            int n = stream.read(buffer);
            if (n <= 0) {
                return false;
            }
            position = 0;
            limit = n;
            return true;
        }

        int read(long deadlineNanos) throws IOException {
            if (position == limit && !fill(deadlineNanos)) {
                return -1;
            }
            return buffer[position++] & 0xff;
        }

        /** One CRLF- (or LF-) terminated line in ISO-8859-1, without its terminator. */
        String line(long deadlineNanos) throws IOException {
            StringBuilder line = new StringBuilder(64);
            while (true) {
                int b = read(deadlineNanos);
                if (b < 0) {
                    throw new EOFException("answer ended inside its head");
                }
                if (b == '\n') {
                    int end = line.length();
                    if (end > 0 && line.charAt(end - 1) == '\r') {
                        line.setLength(end - 1);
                    }
                    return line.toString();
                }
                if (line.length() >= MAX_HEADER_LINE) {
                    throw new IOException("answer head line too long");
                }
                line.append((char) b);
            }
        }

        void readFully(byte[] into, int offset, int length, long deadlineNanos) throws IOException {
            int done = 0;
            while (done < length) {
                if (position == limit && !fill(deadlineNanos)) {
                    throw new EOFException("answer shorter than announced");
                }
                int n = Math.min(length - done, limit - position);
                System.arraycopy(buffer, position, into, offset + done, n);
                position += n;
                done += n;
            }
        }

        /** Everything until the peer closes (an answer framed by the connection's end). */
        byte[] readToEnd(long deadlineNanos) throws IOException {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            while (position < limit || fill(deadlineNanos)) {
                all.write(buffer, position, limit - position);
                position = limit;
                if (all.size() > MAX_BODY_BYTES) {
                    throw new IOException("answer too large");
                }
            }
            return all.toByteArray();
        }
    }

    /** The parts of an answer this client uses. */
    static final class Response {

        final int status;
        final byte[] body;
        final boolean keepAlive;

        private Response(int status, byte[] body, boolean keepAlive) {
            this.status = status;
            this.body = body;
            this.keepAlive = keepAlive;
        }

        static Response read(Input in, long deadlineNanos) throws IOException {
            while (true) {
                String statusLine = in.line(deadlineNanos);
                if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
                    throw new IOException("not an HTTP/1.x answer");
                }
                int status = parseStatus(statusLine);
                boolean http10 = statusLine.startsWith("HTTP/1.0");
                long length = -1;
                boolean chunked = false;
                Boolean connectionKeepAlive = null;
                String header;
                while (!(header = in.line(deadlineNanos)).isEmpty()) {
                    int colon = header.indexOf(':');
                    if (colon <= 0) {
                        throw new IOException("malformed answer header");
                    }
                    String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                    String value = header.substring(colon + 1).trim();
                    switch (name) {
                        case "content-length" -> length = parseLength(value);
                        case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).endsWith("chunked");
                        case "connection" -> {
                            String v = value.toLowerCase(Locale.ROOT);
                            if (v.contains("close")) {
                                connectionKeepAlive = false;
                            } else if (v.contains("keep-alive")) {
                                connectionKeepAlive = true;
                            }
                        }
                        default -> {
                            // Not needed to frame or judge the answer.
                        }
                    }
                }
                if (status >= 100 && status < 200) {
                    // An interim answer (we send no Expect, but a server may still say 100): the real one follows.
                    continue;
                }
                boolean keepAlive = connectionKeepAlive != null ? connectionKeepAlive : !http10;
                byte[] body;
                if (status == 204 || status == 304) {
                    body = new byte[0];
                } else if (chunked) {
                    body = chunked(in, deadlineNanos);
                } else if (length >= 0) {
                    if (length > MAX_BODY_BYTES) {
                        throw new IOException("answer too large");
                    }
                    body = new byte[(int) length];
                    in.readFully(body, 0, body.length, deadlineNanos);
                } else {
                    body = in.readToEnd(deadlineNanos);
                    keepAlive = false;
                }
                return new Response(status, body, keepAlive);
            }
        }

        private static byte[] chunked(Input in, long deadlineNanos) throws IOException {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            while (true) {
                String sizeLine = in.line(deadlineNanos);
                int extension = sizeLine.indexOf(';');
                String hex = (extension >= 0 ? sizeLine.substring(0, extension) : sizeLine).trim();
                int size;
                try {
                    size = Integer.parseInt(hex, 16);
                } catch (NumberFormatException e) {
                    throw new IOException("malformed chunk size");
                }
                if (size < 0 || all.size() + (long) size > MAX_BODY_BYTES) {
                    throw new IOException("answer too large");
                }
                if (size == 0) {
                    // Trailers, if any, end with a blank line.
                    while (!in.line(deadlineNanos).isEmpty()) {
                        // Trailer fields are not used.
                    }
                    return all.toByteArray();
                }
                byte[] chunk = new byte[size];
                in.readFully(chunk, 0, size, deadlineNanos);
                all.write(chunk, 0, size);
                if (!in.line(deadlineNanos).isEmpty()) {
                    throw new IOException("malformed chunk end");
                }
            }
        }

        private static int parseStatus(String statusLine) throws IOException {
            int status = 0;
            for (int i = 9; i < 12; i++) {
                char c = statusLine.charAt(i);
                if (c < '0' || c > '9') {
                    throw new IOException("malformed answer status");
                }
                status = status * 10 + (c - '0');
            }
            return status;
        }

        private static long parseLength(String value) throws IOException {
            try {
                long length = Long.parseLong(value);
                if (length < 0) {
                    throw new IOException("malformed Content-Length");
                }
                return length;
            } catch (NumberFormatException e) {
                throw new IOException("malformed Content-Length");
            }
        }
    }
}
