package com.sprintrr.localstack;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * BENCHMARKS ONLY: the one load generator of both benchmarks, over HTTP/1.1 keep-alive
 * connections: a closed loop (N clients, each sending its next request when the last one has
 * returned) and an open loop (requests started on a fixed schedule). Anything but 200 is an error.
 */
public final class LoadGenerator implements AutoCloseable {

    /** How long an open loop waits for its last answers after the last request was sent. */
    private static final Duration OPEN_LOOP_DRAIN = Duration.ofSeconds(60);

    private final ExecutorService clients = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "bench-client");
        thread.setDaemon(true);
        return thread;
    });
    private final ExecutorService httpThreads;
    private final HttpClient http;

    /** A generator whose HttpClient uses its default executor. */
    public LoadGenerator() {
        this(0);
    }

    /**
     * A generator whose HttpClient hands its work to {@code httpThreadCount} threads (0: the
     * client's default, a thread per need); a few fixed threads keep an open loop from starting a
     * thread per request.
     */
    public LoadGenerator(int httpThreadCount) {
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5));
        if (httpThreadCount > 0) {
            httpThreads = Executors.newFixedThreadPool(httpThreadCount, runnable -> {
                Thread thread = new Thread(runnable, "bench-http");
                thread.setDaemon(true);
                return thread;
            });
            builder.executor(httpThreads);
        } else {
            httpThreads = null;
        }
        http = builder.build();
    }

    /**
     * One run's latencies (ns, sorted), error count, the first error seen (null: none) and the
     * wall time in seconds.
     */
    public record Result(long[] latencies, int errors, String firstError, double seconds) {

        public Result {
            Arrays.sort(latencies);
        }

        public double percentileMs(double p) {
            if (latencies.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(p / 100.0 * latencies.length) - 1;
            return latencies[Math.max(0, Math.min(latencies.length - 1, index))] / 1e6;
        }

        /** Answered requests per second. */
        public double rate() {
            return latencies.length / seconds;
        }

        /** Slices of one target as one result: their latencies and errors pooled, their times added. */
        public static Result merge(List<Result> parts) {
            long[] all = parts.stream().flatMapToLong(part -> Arrays.stream(part.latencies)).toArray();
            String first = parts.stream().map(Result::firstError).filter(Objects::nonNull).findFirst().orElse(null);
            return new Result(all, parts.stream().mapToInt(Result::errors).sum(), first,
                    parts.stream().mapToDouble(Result::seconds).sum());
        }
    }

    /**
     * Closed loop: {@code clientCount} clients for {@code duration}; request number i (counted over
     * all clients) is {@code requests.apply(i)}. Latency is the time from sending to the whole body
     * having arrived; failed requests count as errors, not as latencies.
     */
    public Result closedLoop(IntFunction<HttpRequest> requests, int clientCount, Duration duration) throws Exception {
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

    /**
     * Open loop: {@code rate} requests a second for {@code duration}, each started on its schedule
     * whether or not the earlier ones have returned; request number i is {@code requests.apply(i)}.
     * Latency counts from the scheduled start, so queueing is included. A request still unanswered
     * a minute after the last was sent counts as an error.
     */
    public Result openLoop(IntFunction<HttpRequest> requests, int rate, Duration duration) throws InterruptedException {
        int total = (int) (rate * duration.toMillis() / 1000);
        long periodNanos = 1_000_000_000L / rate;
        long[] latencies = new long[total];
        AtomicInteger errors = new AtomicInteger();
        AtomicReference<String> firstError = new AtomicReference<>();
        CountDownLatch answered = new CountDownLatch(total);
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long scheduled = start + i * periodNanos;
            long wait = scheduled - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int slot = i;
            http.sendAsync(requests.apply(i), HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
                latencies[slot] = System.nanoTime() - scheduled;
                if (failure != null) {
                    errors.incrementAndGet();
                    firstError.compareAndSet(null, failure.toString());
                } else if (response.statusCode() != 200) {
                    errors.incrementAndGet();
                    firstError.compareAndSet(null, response.statusCode() + " " + abbreviate(response.body()));
                }
                answered.countDown();
            });
        }
        answered.await(OPEN_LOOP_DRAIN.toSeconds(), TimeUnit.SECONDS);
        double elapsed = (System.nanoTime() - start) / 1e9;
        int done = total - (int) answered.getCount();
        return new Result(Arrays.copyOf(latencies, done), errors.get() + (total - done), firstError.get(), elapsed);
    }

    /** One request, for setting up accounts; fails unless the status is {@code expected}. */
    public void expect(HttpRequest request, int expected) throws IOException, InterruptedException {
        HttpResponse<String> response = send(request);
        if (response.statusCode() != expected) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " answered "
                    + response.statusCode() + " " + abbreviate(response.body()));
        }
    }

    /** One request on the generator's client, outside any measurement (a metrics scrape, a check). */
    public HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String abbreviate(String body) {
        return body.length() > 200 ? body.substring(0, 200) + "..." : body;
    }

    @Override
    public void close() {
        clients.shutdownNow();
        if (httpThreads != null) {
            httpThreads.shutdownNow();
        }
    }
}
