package com.sprintrr.keys.validation;

import java.time.Duration;
import java.util.OptionalLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import com.sprintrr.keys.config.KeysConfig;
import com.sprintrr.keys.persistence.RateLimitRepository;
import com.sprintrr.keys.problem.ByokProblems;

/**
 * Caps live validations per account ({@code sprintrr.keys.validation-rate-limit}), so the service
 * cannot be used as an oracle to test stolen keys in bulk. Kept in PostgreSQL so the cap holds
 * across replicas.
 */
@ApplicationScoped
public class ValidationRateLimiter {

    private final RateLimitRepository repository;
    private final int attempts;
    private final Duration window;
    private final Duration interval;
    private final Duration tolerance;

    ValidationRateLimiter(RateLimitRepository repository, KeysConfig config) {
        this.repository = repository;
        this.attempts = config.validationRateLimit().attempts();
        this.window = config.validationRateLimit().window();
        if (attempts < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalStateException("sprintrr.keys.validation-rate-limit needs attempts >= 1 and a positive window.");
        }
        this.interval = window.dividedBy(attempts);
        this.tolerance = window.minus(interval);
    }

    /** Takes one validation attempt for the account; 429 {@code too_many_attempts} when none is left. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void acquire(String accountId) {
        OptionalLong waitMillis = repository.take(accountId, interval, tolerance);
        if (waitMillis.isPresent()) {
            long seconds = Math.max(1, (waitMillis.getAsLong() + 999) / 1000);
            throw ByokProblems.tooManyAttempts(attempts, windowText(), seconds);
        }
    }

    private String windowText() {
        long seconds = window.toSeconds();
        return seconds % 60 == 0 ? (seconds / 60) + " min" : seconds + " s";
    }
}
