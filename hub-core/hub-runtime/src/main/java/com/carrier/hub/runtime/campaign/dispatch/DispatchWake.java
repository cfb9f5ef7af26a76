package com.carrier.hub.runtime.campaign.dispatch;

import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.spi.ScheduledPollConsumerScheduler;
import org.apache.camel.support.ScheduledPollConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The campaign dispatch route's scheduler ({@code scheduler: "#campaignDispatchWake"} in
 * routes/campaign-dispatch.yaml): runs a round every {@code delay} when idle, as Camel's own scheduler does, and at once
 * when {@link #wake woken} — when a triggered campaign has just decided contacts (PEERS §7.4: contacted within
 * seconds), so an event does not wait out the idle delay. Greedy rounds are the consumer's own. Written by hand
 * because Camel's schedulers (the default executor, spring, quartz) run on a clock only; this one is the default's
 * fixed delay plus a wake-up. One polling thread, restartable: a route file applied stops and starts it.
 */
@Component("campaignDispatchWake")
public class DispatchWake implements ScheduledPollConsumerScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(DispatchWake.class);

    private final Object lock = new Object();
    private CamelContext camel;
    private volatile Runnable task;
    private volatile long delayMs = 1000;
    private volatile long initialDelayMs;
    private boolean woken;
    private volatile boolean running;
    private Thread thread;

    /** Starts a round now (or right after the one under way), instead of after the idle delay. */
    public void wake() {
        synchronized (lock) {
            woken = true;
            lock.notifyAll();
        }
    }

    @Override
    public void onInit(Consumer consumer) {
        if (consumer instanceof ScheduledPollConsumer polled) {
            TimeUnit unit = polled.getTimeUnit() == null ? TimeUnit.MILLISECONDS : polled.getTimeUnit();
            delayMs = Math.max(1, unit.toMillis(polled.getDelay()));
            initialDelayMs = Math.max(0, unit.toMillis(polled.getInitialDelay()));
        }
    }

    @Override
    public void scheduleTask(Runnable task) {
        this.task = task;
    }

    @Override
    public void unscheduleTask() {
        this.task = null;
    }

    @Override
    public synchronized void startScheduler() {
        if (thread != null) {
            return;
        }
        running = true;
        thread = new Thread(this::loop, "campaign-dispatch");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized boolean isSchedulerStarted() {
        return thread != null;
    }

    private void loop() {
        pause(initialDelayMs);
        while (running) {
            Runnable t = task;
            if (t != null) {
                try {
                    t.run();
                } catch (RuntimeException e) {
                    LOG.error("campaign dispatch round failed: {}", e.toString());
                }
            }
            pause(delayMs);
        }
    }

    private void pause(long ms) {
        synchronized (lock) {
            long until = System.currentTimeMillis() + ms;
            while (running && !woken) {
                long left = until - System.currentTimeMillis();
                if (left <= 0) {
                    break;
                }
                try {
                    lock.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            woken = false;
        }
    }

    @Override
    public void start() {
        // the consumer starts the polling thread through startScheduler
    }

    @Override
    public void stop() {
        Thread t;
        synchronized (this) {
            t = thread;
            thread = null;
            running = false;
        }
        wake();
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void shutdown() {
        stop();
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camel = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camel;
    }
}
