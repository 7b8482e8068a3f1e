package com.sprintrr.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * The one load generator of the system benchmark: closed loop, N clients, each sending its next
 * request when the last one has returned, over HTTP/1.1 keep-alive connections. Latency is the
 * time from sending to the whole body having arrived; anything but 200 is an error.
 */
final class LoadGenerator implements AutoCloseable {

    private final ExecutorService clients = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "bench-client");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** One run's latencies (ns, sorted), error count, the first error seen and the wall time. */
    record Result(long[] latencies, int errors, String firstError, double seconds) {

        Result {
            Arrays.sort(latencies);
        }

        double percentileMs(double p) {
            if (latencies.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(p / 100.0 * latencies.length) - 1;
            return latencies[Math.max(0, Math.min(latencies.length - 1, index))] / 1e6;
        }

        double rate() {
            return latencies.length / seconds;
        }

        static Result merge(List<Result> parts) {
            long[] all = parts.stream().flatMapToLong(part -> Arrays.stream(part.latencies)).toArray();
            String first = parts.stream().map(Result::firstError).filter(e -> e != null).findFirst().orElse(null);
            return new Result(all, parts.stream().mapToInt(Result::errors).sum(), first,
                    parts.stream().mapToDouble(Result::seconds).sum());
        }
    }

    /** {@code clients} clients for {@code duration}; request number i (counted over all clients) is {@code requests.apply(i)}. */
    Result run(IntFunction<HttpRequest> requests, int clientCount, Duration duration) throws Exception {
        AtomicInteger counter = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicReference<String> firstError = new AtomicReference<>();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        List<Future<long[]>> work = new ArrayList<>();
        for (int c = 0; c < clientCount; c++) {
            work.add(clients.submit(() -> {
                long[] mine = new long[1024];
                int n = 0;
                while (System.nanoTime() < end) {
                    HttpRequest request = requests.apply(counter.getAndIncrement());
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() != 200) {
                            errors.incrementAndGet();
                            firstError.compareAndSet(null, response.statusCode() + " " + abbreviate(response.body()));
                            continue;
                        }
                    } catch (IOException e) {
                        errors.incrementAndGet();
                        firstError.compareAndSet(null, e.toString());
                        continue;
                    }
                    if (n == mine.length) {
                        mine = Arrays.copyOf(mine, n * 2);
                    }
                    mine[n++] = System.nanoTime() - t0;
                }
                return Arrays.copyOf(mine, n);
            }));
        }
        List<long[]> parts = new ArrayList<>();
        for (Future<long[]> part : work) {
            parts.add(part.get());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(parts.stream().flatMapToLong(Arrays::stream).toArray(), errors.get(), firstError.get(), seconds);
    }

    /** One request, for setting up accounts; fails unless the status is {@code expected}. */
    void expect(HttpRequest request, int expected) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " answered "
                    + response.statusCode() + " " + abbreviate(response.body()));
        }
    }

    private static String abbreviate(String body) {
        return body.length() > 200 ? body.substring(0, 200) + "..." : body;
    }

    @Override
    public void close() {
        clients.shutdownNow();
    }
}
