package com.sprintrr.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SseParserTest {

    @Test
    void blankLineDispatchesTheEventWithItsTypeAndData() {
        assertEquals(List.of(new SseParser.Event("ping", "{\"type\": \"ping\"}")),
                parse("event: ping", "data: {\"type\": \"ping\"}", ""));
    }

    @Test
    void eventWithoutTypeIsAMessage() {
        assertEquals(List.of(new SseParser.Event("message", "[DONE]")), parse("data: [DONE]", ""));
    }

    @Test
    void multiLineDataIsJoinedWithNewlines() {
        assertEquals(List.of(new SseParser.Event("message", "{\n\"a\": 1\n}")),
                parse("data: {", "data: \"a\": 1", "data: }", ""));
    }

    @Test
    void onlyOneLeadingSpaceOfAValueIsDropped() {
        assertEquals(List.of(new SseParser.Event("message", " x"), new SseParser.Event("message", "y")),
                parse("data:  x", "", "data:y", ""));
    }

    @Test
    void commentsAndUnknownFieldsAreIgnored() {
        assertEquals(List.of(new SseParser.Event("message", "kept")),
                parse(": keep-alive", "id: 7", "retry: 1000", "data: kept", ": another", ""));
    }

    @Test
    void blankLinesWithoutDataDispatchNothingAndForgetTheType() {
        assertEquals(List.of(new SseParser.Event("message", "x")), parse("", "event: orphan", "", "", "data: x", ""));
    }

    @Test
    void pendingEventIsDispatchedAtEndOfStream() {
        SseParser parser = new SseParser();
        List<SseParser.Event> events = new ArrayList<>();
        parser.line("event: message_stop").ifPresent(events::add);
        parser.line("data: {\"type\":\"message_stop\"}").ifPresent(events::add);
        parser.end().ifPresent(events::add);
        assertEquals(List.of(new SseParser.Event("message_stop", "{\"type\":\"message_stop\"}")), events);
    }

    @Test
    void endAfterACompleteEventDispatchesNothingMore() {
        SseParser parser = new SseParser();
        parser.line("data: x");
        parser.line("");
        assertEquals(Optional.empty(), parser.end());
    }

    private static List<SseParser.Event> parse(String... lines) {
        SseParser parser = new SseParser();
        List<SseParser.Event> events = new ArrayList<>();
        for (String line : lines) {
            parser.line(line).ifPresent(events::add);
        }
        return events;
    }
}
