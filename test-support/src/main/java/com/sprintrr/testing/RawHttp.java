package com.sprintrr.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.restassured.RestAssured;

/**
 * HTTP/1.1 written by hand on a socket, for requests no client library sends: a chunked body over a
 * limit, a malformed Content-Length, an overlong request line. Talks to the service under test
 * ({@code RestAssured.port}); every read is bounded by a generous socket timeout.
 */
public final class RawHttp {

    private static final int TIMEOUT_MILLIS = 60_000;

    /** What came back: status, headers (lower-case names), body as text. */
    public record Reply(int status, Map<String, String> headers, String body) {

        public String contentType() {
            return headers.getOrDefault("content-type", "");
        }
    }

    private RawHttp() {
    }

    /** Sends the request head (lines without the final blank line) and the body bytes as they are. */
    public static Reply send(String head, byte[] body) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", RestAssured.port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            try {
                out.write((head + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
            } catch (IOException refusedWhileSending) {
                // The server may answer and close before the whole body is sent; its answer is still readable.
            }
            return read(socket.getInputStream());
        }
    }

    /** A body in HTTP/1.1 chunked framing (8 KiB chunks), so no Content-Length announces its size. */
    public static byte[] chunked(byte[] body) {
        ByteArrayOutputStream framed = new ByteArrayOutputStream();
        for (int offset = 0; offset < body.length; offset += 8192) {
            int length = Math.min(8192, body.length - offset);
            framed.writeBytes((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            framed.write(body, offset, length);
            framed.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        framed.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return framed.toByteArray();
    }

    private static Reply read(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int headEnd = -1;
        int contentLength = -1;
        while (true) {
            int n;
            try {
                n = in.read(buffer);
            } catch (IOException reset) {
                break;
            }
            if (n < 0) {
                break;
            }
            all.write(buffer, 0, n);
            byte[] bytes = all.toByteArray();
            if (headEnd < 0) {
                headEnd = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                if (headEnd >= 0) {
                    contentLength = contentLength(new String(bytes, 0, headEnd, StandardCharsets.ISO_8859_1));
                }
            }
            if (headEnd >= 0 && contentLength >= 0 && bytes.length >= headEnd + 4 + contentLength) {
                break;
            }
        }
        byte[] bytes = all.toByteArray();
        if (headEnd < 0) {
            throw new IOException("No HTTP response head received (" + bytes.length + " bytes)");
        }
        String[] lines = new String(bytes, 0, headEnd, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        String body = new String(bytes, headEnd + 4, bytes.length - headEnd - 4, StandardCharsets.UTF_8);
        return new Reply(status, headers, body);
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        return -1;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
