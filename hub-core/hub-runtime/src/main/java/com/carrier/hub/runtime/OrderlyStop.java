package com.carrier.hub.runtime;

import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;

import sun.misc.Signal;

/**
 * Stops the hub on SIGTERM or SIGINT by closing the application first, then exiting. Left to the JVM, a signal runs
 * every shutdown hook at once: Spring's close of the application races the hooks of the in-JVM peers (the embedded
 * PostgreSQL's stop, the Kafka broker's temporary directory), so the last dispatcher round and the broker met a stopped
 * database and a deleted log directory and logged errors. Closed here, the routes, the dispatcher and the connection
 * pool are done before any hook runs. Installed as the application context is created, so a signal during startup
 * closes it once started. A second signal exits at once (the JVM's hooks, as before).
 */
final class OrderlyStop {

    private static final Logger LOG = LoggerFactory.getLogger(OrderlyStop.class);

    private OrderlyStop() {
    }

    static void install(ConfigurableApplicationContext context) {
        AtomicBoolean stopping = new AtomicBoolean();
        for (String name : new String[] {"TERM", "INT"}) {
            Signal signal = new Signal(name);
            try {
                Signal.handle(signal, s -> stop(context, stopping, name, 128 + s.getNumber()));
            } catch (IllegalArgumentException e) {
                // the JVM keeps the signal (-Xrs): its shutdown hooks stop the hub, as without this class
                LOG.warn("SIG{} is not available to the hub ({}): it stops through the JVM's shutdown hooks", name,
                        e.getMessage());
            }
        }
    }

    private static void stop(ConfigurableApplicationContext context, AtomicBoolean stopping, String name, int status) {
        if (!stopping.compareAndSet(false, true)) {
            System.exit(status);
            return;
        }
        // not on the signal's thread: exit() waits for the hooks, which must not wait for this thread
        Thread stop = new Thread(() -> {
            LOG.info("SIG{}: closing the hub before the JVM's shutdown hooks run", name);
            try {
                context.close();
            } finally {
                System.exit(status);
            }
        }, "hub-stop");
        // the signal's thread is a daemon, and so would this one be: once the close had ended every other thread, the
        // JVM would exit (status 0) and run its hooks while this one was still closing
        stop.setDaemon(false);
        stop.start();
    }
}
