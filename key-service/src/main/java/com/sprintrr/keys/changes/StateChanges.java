package com.sprintrr.keys.changes;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import com.sprintrr.keys.persistence.SettingsRepository;
import com.sprintrr.keys.persistence.SettingsRow;

/**
 * The one way an account's keys or settings change. In one transaction: lock the account (its
 * settings row), apply the change, and if it changed anything, increment the account's state
 * version and publish it on {@code byok-changes}, waiting for Kafka's acknowledgement BEFORE the
 * commit. So a change that answered 2xx has its record acknowledged, which is what lets
 * generation-service cache credentials (issue 12); and a change whose record Kafka does not take
 * is rolled back (503 {@code byok_changes_unavailable}). The lock makes one account's versions
 * strictly increase in commit and publish order.
 */
@ApplicationScoped
public class StateChanges {

    /** A change of one account, given its locked settings. */
    @FunctionalInterface
    public interface Change<T> {
        Outcome<T> apply(SettingsRow locked);
    }

    /** What a change answers, and whether it changed the account's state (a no-op neither counts nor publishes). */
    public record Outcome<T>(T answer, boolean changed) {

        public static <T> Outcome<T> changed(T answer) {
            return new Outcome<>(answer, true);
        }

        public static <T> Outcome<T> unchanged(T answer) {
            return new Outcome<>(answer, false);
        }
    }

    private final SettingsRepository settings;
    private final ChangePublisher publisher;

    StateChanges(SettingsRepository settings, ChangePublisher publisher) {
        this.settings = settings;
        this.publisher = publisher;
    }

    /** Runs the change under the account's lock; any exception (a refusal, a failed publish) rolls it all back. */
    @Transactional
    public <T> T apply(String accountId, Change<T> change) {
        SettingsRow locked = settings.lockAccount(accountId);
        Outcome<T> outcome = change.apply(locked);
        if (outcome.changed()) {
            // After the change is written, before the commit (publish-before-commit, see the README).
            publisher.publish(new ByokChange(accountId, settings.nextStateVersion(accountId)));
        }
        return outcome.answer();
    }
}
