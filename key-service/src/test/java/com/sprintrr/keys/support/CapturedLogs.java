package com.sprintrr.keys.support;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;

/**
 * Everything the service logs while open, at every level down to TRACE for the service's own and
 * its frameworks' categories: formatted messages, raw parameters and full stack traces.
 */
public final class CapturedLogs extends Handler implements AutoCloseable {

    /** Categories raised to TRACE while capturing: the service and everything a request passes through. */
    private static final List<String> TRACED = List.of("com.sprintrr", "io.quarkus", "org.jboss.resteasy",
            "io.vertx", "io.netty", "io.agroal", "org.postgresql", "com.arjuna", "io.smallrye", "org.flywaydb",
            "com.fasterxml");

    /**
     * Not the service: the test's own HTTP client (it sends the key by design) and the provider fake
     * (it stands in for the provider, which receives the key by design).
     */
    private static final List<String> NOT_THE_SERVICE = List.of("org.apache.http", "io.restassured", "WireMock",
            "wiremock", "com.github.tomakehurst", "org.eclipse.jetty");

    private final StringBuffer text = new StringBuffer();
    private final Map<String, Level> previousLevels = new LinkedHashMap<>();
    private int records;

    private CapturedLogs() {
        setLevel(Level.ALL);
    }

    public static CapturedLogs start() {
        CapturedLogs capture = new CapturedLogs();
        for (String category : TRACED) {
            Logger logger = Logger.getLogger(category);
            capture.previousLevels.put(category, logger.getLevel());
            logger.setLevel(Level.ALL);
        }
        Logger.getLogger("").addHandler(capture);
        return capture;
    }

    @Override
    public synchronized void publish(LogRecord record) {
        String category = record.getLoggerName() == null ? "" : record.getLoggerName();
        if (NOT_THE_SERVICE.stream().anyMatch(category::startsWith)) {
            return;
        }
        records++;
        String message = record instanceof ExtLogRecord ? ((ExtLogRecord) record).getFormattedMessage() : record.getMessage();
        text.append(record.getLevel()).append(' ').append(category).append(' ').append(message);
        if (record.getParameters() != null) {
            text.append(' ').append(Arrays.deepToString(record.getParameters()));
        }
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            text.append('\n').append(trace);
        }
        text.append('\n');
    }

    public synchronized String text() {
        return text.toString();
    }

    public synchronized int records() {
        return records;
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
        previousLevels.forEach((category, level) -> Logger.getLogger(category).setLevel(level));
    }
}
