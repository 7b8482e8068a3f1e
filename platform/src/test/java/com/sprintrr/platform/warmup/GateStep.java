package com.sprintrr.platform.warmup;

import java.util.concurrent.CountDownLatch;

import jakarta.enterprise.context.ApplicationScoped;

/** A warm-up step the tests hold closed, to see readiness before and after the warm-up ends (inert while warm-up is off). */
@ApplicationScoped
public class GateStep implements WarmUpStep {

    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch open = new CountDownLatch(1);

    @Override
    public String name() {
        return "test gate";
    }

    @Override
    public String run() throws InterruptedException {
        entered.countDown();
        open.await();
        return "opened";
    }

    boolean entered() {
        return entered.getCount() == 0;
    }

    void open() {
        open.countDown();
    }
}
