package com.sprintrr.providers;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sprintrr.providers.fake.ProviderFake;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A consumer that gives up makes the client hang up on the provider, which would go on billing tokens. */
// WireMock cannot tell when a client hangs up, so a raw socket plays Anthropic here.
class StreamCancellationTest {

    private static final String FIRST_EVENTS = """
            event: message_start
            data: {"type":"message_start","message":{"model":"claude-sonnet-4-6","usage":{"input_tokens":11,"output_tokens":1}}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}

            """;

    @Test
    void throwingConsumerMakesTheClientHangUpOnTheProvider() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CountDownLatch hungUp = new CountDownLatch(1);
            Thread provider = new Thread(() -> streamForeverUntilHungUp(server, hungUp), "stalling-provider");
            provider.setDaemon(true);
            provider.start();
            ProviderClient client = new ProviderClient(new ProviderSettings(
                    Map.of(Provider.ANTHROPIC, "http://127.0.0.1:" + server.getLocalPort()),
                    Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5)));
            RuntimeException gone = new RuntimeException("browser went away");

            RuntimeException thrown = assertThrows(RuntimeException.class, () -> client.stream(Provider.ANTHROPIC,
                    ProviderFake.sampleKey(Provider.ANTHROPIC), "claude-sonnet-4-6", AgainstFake.PROMPT, delta -> {
                        throw gone;
                    }));

            assertSame(gone, thrown);
            assertTrue(hungUp.await(3, TimeUnit.SECONDS), "the client kept the provider's connection open");
        }
    }

    /** Answers one request with the first events of a stream that never ends, then waits for EOF. */
    private static void streamForeverUntilHungUp(ServerSocket server, CountDownLatch hungUp) {
        try (Socket socket = server.accept()) {
            socket.setSoTimeout(10_000);
            InputStream in = socket.getInputStream();
            skipRequest(in);
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n")
                    .getBytes(US_ASCII));
            out.write(FIRST_EVENTS.getBytes(UTF_8));
            out.flush();
            if (in.read() == -1) {
                hungUp.countDown();
            }
        } catch (IOException e) {
            // A reset is a hang-up too.
            hungUp.countDown();
        }
    }

    private static void skipRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b == -1) {
                throw new IOException("request ended early");
            }
            head.write(b);
        }
        String lengthHeader = head.toString(US_ASCII).lines()
                .filter(line -> line.toLowerCase().startsWith("content-length:"))
                .findFirst().orElse("content-length: 0");
        in.readNBytes(Integer.parseInt(lengthHeader.substring(lengthHeader.indexOf(':') + 1).strip()));
    }
}
