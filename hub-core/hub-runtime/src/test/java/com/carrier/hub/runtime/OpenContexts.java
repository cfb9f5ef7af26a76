package com.carrier.hub.runtime;

import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;

import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Closes the application contexts the tests started once the test plan has run, newest first, while the embedded
 * PostgreSQL still runs. Left to the JVM's shutdown hooks, Spring closed them beside the embedded server's own stop
 * hook, and a timer route then waited the connection pool's 30 s for the stopped server: surefire killed the fork
 * after 30 s in every build. Registered in {@code META-INF/spring.factories} (each context, as it is created) and as a
 * JUnit Platform listener.
 */
public final class OpenContexts implements ApplicationContextInitializer<ConfigurableApplicationContext>, TestExecutionListener {

    private static final Deque<ConfigurableApplicationContext> CONTEXTS = new ConcurrentLinkedDeque<>();

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        CONTEXTS.push(context);
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        for (ConfigurableApplicationContext context = CONTEXTS.poll(); context != null; context = CONTEXTS.poll()) {
            context.close();
        }
    }
}
