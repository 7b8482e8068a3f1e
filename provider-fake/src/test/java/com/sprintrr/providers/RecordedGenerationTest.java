package com.sprintrr.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sprintrr.providers.fake.Recorded;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every recorded payload decodes to exactly its text, deltas, usage and model, deltas as they arrive. */
class RecordedGenerationTest extends AgainstFake {

    @ParameterizedTest
    @EnumSource(Provider.class)
    void plainCallReturnsTheRecordedTextUsageAndModel(Provider provider) {
        fake.replyRecorded(provider, false);

        assertEquals(Recorded.plain(provider), client.generate(provider, key(provider), model(provider), PROMPT));
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void streamDeliversTheRecordedDeltasInOrderAndReturnsTheirConcatenation(Provider provider) {
        fake.replyRecorded(provider, true);
        List<String> deltas = new ArrayList<>();

        Completion completion = client.stream(provider, key(provider), model(provider), PROMPT, deltas::add);

        assertEquals(Recorded.streamDeltas(provider), deltas);
        assertEquals(Recorded.stream(provider), completion);
        assertEquals(String.join("", deltas), completion.text());
    }

    @Test
    void deltasReachTheConsumerWhileTheRestOfTheStreamIsStillOnItsWay() {
        // The first chunk arrives after about a fifth of the 3 s, the last one at the end.
        fake.dribbleRecorded(Provider.GEMINI, true, Duration.ofSeconds(3));
        List<Long> deltaTimes = new ArrayList<>();

        client.stream(Provider.GEMINI, key(Provider.GEMINI), model(Provider.GEMINI), PROMPT,
                delta -> deltaTimes.add(System.nanoTime()));
        long returned = System.nanoTime();

        assertEquals(Recorded.GEMINI_STREAM_DELTAS.size(), deltaTimes.size());
        assertTrue(Duration.ofNanos(returned - deltaTimes.get(0)).compareTo(Duration.ofSeconds(1)) > 0,
                "the first delta was held back until the body was complete");
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void stubRestrictedToAKeyAnswersThatKey(Provider provider) {
        fake.replyRecorded(provider, false, key(provider));

        assertEquals(Recorded.plain(provider), client.generate(provider, key(provider), model(provider), PROMPT));
    }
}
