package com.carrier.hub.runtime.routes;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.spi.BacklogTracer;
import org.apache.camel.spi.BacklogTracerEventMessage;
import org.apache.camel.util.json.Jsoner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * Message trace on demand for one route at a time, on Camel's own {@link BacklogTracer}: installed on standby in every
 * route ({@code camel.trace.standby: true}), switched on here for one route id (its trace pattern), for a bounded time,
 * keeping about the last N exchanges; it switches itself off when the time is up. While off, each step of every route
 * asks one boolean of the tracer and goes on, which costs nothing next to the hub's one exchange per file or slice.
 * <p>
 * The tracer copies each step's headers and body text (cut to {@code hub.routes.trace.body-max-chars}); it never reads a
 * file or stream body (the route still needs it: it records "[Body is file based …]" instead) and leaves exchange
 * properties and variables out. What it shows is masked on the way out ({@link TraceMasking}): the tracer's own memory
 * holds the messages as they were, and Camel's other ways to read it (JMX, dev consoles) stay off in the hub. The last
 * results stay readable after the trace is off, until the next trace is switched on.
 */
@Component
public class RouteTracing {

    private static final Logger LOG = LoggerFactory.getLogger(RouteTracing.class);

    /** Camel's limit on the events its backlog tracer keeps (its {@code MAX_BACKLOG_SIZE}). */
    static final int MAX_EVENTS = 10_000;

    /**
     * A route's trace.
     *
     * @param routeId   the route
     * @param on        whether it is being traced now
     * @param since     when the trace (now on, or the last one) was switched on
     * @param until     when it switches itself off, or when it was switched off
     * @param last      how many of the latest exchanges it keeps
     * @param exchanges the latest exchanges, oldest first, each with its steps in order
     */
    public record RouteTrace(String routeId, boolean on, Instant since, Instant until, Integer last,
                             List<TracedExchange> exchanges) {
    }

    /**
     * One traced exchange.
     *
     * @param exchangeId          Camel's exchange id
     * @param started             when its first traced step began
     * @param completed           whether it has left the hub (it is no longer in flight)
     * @param failed              whether it failed (then dead-lettered, or answered to its caller with the error)
     * @param error               the exception it failed with, without the stack trace
     * @param earlierStepsDropped true when its first steps fell out of the tracer's backlog (the oldest exchange shown,
     *                            after a long split or loop)
     * @param steps               each processor of the route it passed, in order, with the message as that processor
     *                            received it (the first step shows what the route received); an error handler's steps
     *                            (retries, the dead-letter store) are steps of the route too
     */
    public record TracedExchange(String exchangeId, Instant started, boolean completed, boolean failed,
                                 TracedError error, boolean earlierStepsDropped, List<TracedStep> steps) {
    }

    /**
     * One step of a traced exchange.
     *
     * @param step       the processor id ({@code to2}, {@code setHeader1}, or the id the route file gives it)
     * @param node       the kind of step ({@code from}, {@code to}, {@code setHeader}, {@code end}...)
     * @param label      what the step does ({@code bean:flaky?method=process}), secrets and numbers masked
     * @param exchangeId the exchange id of a split or multicast part, when it is not the exchange's own
     * @param at         when the step began
     * @param elapsedMs  how long it took, in milliseconds
     * @param headers    the message headers as the step received them, masked
     * @param body       the message body as the step received it, masked
     * @param error      the step's failure, if it failed
     */
    public record TracedStep(String step, String node, String label, String exchangeId, Instant at, long elapsedMs,
                             Map<String, String> headers, TracedBody body, TracedError error) {
    }

    /**
     * A traced message body.
     *
     * @param type      its Java type
     * @param text      its text, masked and cut; absent when it was not read
     * @param truncated whether the text was cut
     * @param length    the full length of the text, when cut
     * @param note      why the text is absent: a file or stream body is never read for a trace
     */
    public record TracedBody(String type, String text, boolean truncated, Integer length, String note) {
    }

    /**
     * A step's failure, without the stack trace.
     *
     * @param type    the exception's class
     * @param message its message, masked
     */
    public record TracedError(String type, String message) {
    }

    private final CamelContext camel;
    private final RoutesProperties.Trace settings;
    private final TaskScheduler scheduler;
    private final TraceOutcomes outcomes;

    /** The route traced now, or last: its results stay readable until the next trace is switched on. */
    private String routeId;
    private Instant since;
    private Instant until;
    private int last;
    private boolean on;
    private long session;
    private ScheduledFuture<?> timer;

    public RouteTracing(CamelContext camel, RoutesProperties properties, TaskScheduler scheduler, TraceOutcomes outcomes) {
        this.camel = camel;
        this.settings = properties.getTrace();
        this.scheduler = scheduler;
        this.outcomes = outcomes;
    }

    /**
     * Switches tracing on for one route, for {@code duration}, keeping about the last {@code last} exchanges; the
     * results of the previous trace are dropped. The same route again starts its trace afresh; another route while one
     * is traced is a 409 naming it.
     */
    public synchronized RouteTrace switchOn(String id, Duration duration, int keep, String by) {
        Route route = existing(id);
        if (route.isCreatedByKamelet() || route.isCreatedByRouteTemplate() || route.isCreatedByRestDsl()) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "route " + id + " is made from a Kamelet or template"
                    + " and is traced as part of the route that uses it: trace that route instead");
        }
        BacklogTracer tracer = tracer();
        expireIfDue(tracer);
        if (on && !id.equals(routeId)) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "route " + routeId + " is being traced until " + until
                    + "; one route is traced at a time: DELETE /api/routes/" + routeId + "/trace first");
        }
        cancelTimer();
        tracer.setEnabled(false);
        tracer.clear();
        tracer.setRemoveOnDump(false);
        tracer.setBodyMaxChars(settings.getBodyMaxChars());
        tracer.setBodyIncludeStreams(false);
        tracer.setBodyIncludeFiles(false);
        tracer.setIncludeExchangeProperties(false);
        tracer.setIncludeExchangeVariables(false);
        tracer.setIncludeException(true);
        tracer.setTracePattern(tracePattern(id));
        tracer.setBacklogSize(backlogSize(route, keep));
        tracer.resetTraceCounter();
        session++;
        routeId = id;
        last = keep;
        since = Instant.now();
        until = since.plus(duration);
        on = true;
        // failures of other routes' exchanges are kept too while the trace is on: room for them
        outcomes.record(keep * 4);
        tracer.setEnabled(true);
        long mine = session;
        timer = scheduler.schedule(() -> expire(mine), until);
        LOG.info("route {}: tracing on until {} keeping the last {} exchanges, by {}", id, until, keep, by);
        return view(id, tracer);
    }

    /** Switches tracing of this route off now (nothing happens when it is not traced); its results stay readable. */
    public synchronized RouteTrace switchOff(String id, String by) {
        BacklogTracer tracer = tracer();
        expireIfDue(tracer);
        if (!id.equals(routeId)) {
            existing(id);
        } else if (on) {
            off(tracer, "switched off by " + by);
        }
        return view(id, tracer);
    }

    /** Whether the route is traced, until when, and its latest exchanges step by step, masked. */
    public synchronized RouteTrace read(String id) {
        BacklogTracer tracer = tracer();
        expireIfDue(tracer);
        if (!id.equals(routeId)) {
            existing(id);
        }
        return view(id, tracer);
    }

    private synchronized void expire(long which) {
        if (which == session && on) {
            off(tracer(), "its time is up");
        }
    }

    /** The scheduler's switch-off may run late on a busy pool: every call checks the time too. */
    private void expireIfDue(BacklogTracer tracer) {
        if (on && !Instant.now().isBefore(until)) {
            off(tracer, "its time is up");
        }
    }

    private void off(BacklogTracer tracer, String why) {
        tracer.setEnabled(false);
        outcomes.pause();
        cancelTimer();
        on = false;
        until = Instant.now();
        LOG.info("route {}: tracing off, {}; {} steps traced", routeId, why, tracer.getTraceCounter());
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private Route existing(String id) {
        Route route = camel.getRoute(id);
        if (route == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no route " + id + " runs in this hub (GET /api/routes"
                    + " lists them)");
        }
        return route;
    }

    private BacklogTracer tracer() {
        BacklogTracer tracer = camel.getCamelContextExtension().getContextPlugin(BacklogTracer.class);
        if (tracer == null || !camel.isBacklogTracingStandby()) {
            throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, "message tracing is not installed in this"
                    + " hub: camel.trace.standby is not true in its configuration (set it and restart)");
        }
        return tracer;
    }

    /**
     * Camel matches its trace pattern against route and node ids as the exact id, then as a wildcard ({@code a*}), then
     * as a regular expression, and splits it at commas: an id with such characters is quoted so that it matches itself
     * only.
     */
    static String tracePattern(String routeId) {
        if (routeId.indexOf(',') >= 0) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "route " + routeId + " cannot be traced: Camel's tracer"
                    + " reads a comma in a route id as two ids");
        }
        return routeId.matches("[A-Za-z0-9_-]+") ? routeId : Pattern.quote(routeId);
    }

    /**
     * The tracer keeps events, one per step of an exchange and two more (its arrival and its end): room for the last
     * {@code keep} exchanges through every processor of the route, within Camel's own limit. A step inside a split or
     * loop counts once per pass, so such a route may show fewer exchanges.
     */
    static int backlogSize(Route route, int keep) {
        long perExchange = route.filter("*").size() + 2L;
        return (int) Math.max(1, Math.min(MAX_EVENTS, perExchange * keep));
    }

    private RouteTrace view(String id, BacklogTracer tracer) {
        if (!id.equals(routeId)) {
            return new RouteTrace(id, false, null, null, null, List.of());
        }
        List<BacklogTracerEventMessage> events = tracer.dumpAllTracedMessages();
        // the tracer counts every event it made since the switch-on; fewer kept means the oldest fell out of its backlog
        boolean dropped = tracer.getTraceCounter() > events.size();
        Map<String, List<BacklogTracerEventMessage>> byExchange = new LinkedHashMap<>();
        for (BacklogTracerEventMessage event : events) {
            if (id.equals(event.getRouteId())) {
                String root = event.getCorrelationExchangeId() != null ? event.getCorrelationExchangeId() : event.getExchangeId();
                byExchange.computeIfAbsent(root, k -> new ArrayList<>()).add(event);
            }
        }
        // the oldest exchange kept may have lost its first steps: it then starts at another step than the newest one
        if (dropped && byExchange.size() > 1) {
            List<List<BacklogTracerEventMessage>> groups = new ArrayList<>(byExchange.values());
            dropped = !String.valueOf(groups.get(0).get(0).getToNode())
                    .equals(String.valueOf(groups.get(groups.size() - 1).get(0).getToNode()));
        }
        Set<String> inflight = new HashSet<>();
        camel.getInflightRepository().browse().forEach(e -> inflight.add(e.getExchange().getExchangeId()));
        List<TracedExchange> exchanges = new ArrayList<>();
        int skip = byExchange.size() - last;
        boolean oldest = true;
        for (Map.Entry<String, List<BacklogTracerEventMessage>> e : byExchange.entrySet()) {
            if (skip-- <= 0) {
                exchanges.add(exchange(e.getKey(), e.getValue(), !inflight.contains(e.getKey()), oldest && dropped));
            }
            oldest = false;
        }
        return new RouteTrace(id, on, since, until, last, exchanges);
    }

    private TracedExchange exchange(String exchangeId, List<BacklogTracerEventMessage> events, boolean completed,
                                    boolean earlierStepsDropped) {
        List<TracedStep> steps = new ArrayList<>(events.size());
        TracedError error = outcomes.of(exchangeId);
        boolean failed = error != null;
        for (BacklogTracerEventMessage event : events) {
            TracedStep step = step(exchangeId, event);
            failed |= step.error() != null;
            steps.add(step);
        }
        return new TracedExchange(exchangeId, Instant.ofEpochMilli(events.get(0).getTimestamp()), completed, failed, error,
                earlierStepsDropped, steps);
    }

    private TracedStep step(String exchangeId, BacklogTracerEventMessage event) {
        Map<String, Object> json = event.asJSon();
        Map<?, ?> message = json.get("message") instanceof Map<?, ?> m ? m : Map.of();
        Map<String, String> headers = new LinkedHashMap<>();
        if (message.get("headers") instanceof List<?> list) {
            for (Object h : list) {
                if (h instanceof Map<?, ?> header && header.get("key") != null) {
                    String name = String.valueOf(header.get("key"));
                    Object value = header.get("value");
                    headers.put(TraceMasking.text(name), value == null ? null
                            : TraceMasking.header(name, String.valueOf(value), settings.getBodyMaxChars()).text());
                }
            }
        }
        TracedBody body = message.get("body") instanceof Map<?, ?> b ? body(b) : null;
        TracedError error = null;
        if (event.hasException() && json.get("exception") instanceof Map<?, ?> ex) {
            error = new TracedError(String.valueOf(ex.get("type")), TraceMasking.text(
                    ex.get("message") == null ? null : String.valueOf(ex.get("message"))));
        }
        String node = event.getToNodeShortName() != null ? event.getToNodeShortName() : event.isLast() ? "end" : "step";
        String step = event.getToNode() != null ? event.getToNode() : node;
        String part = exchangeId.equals(event.getExchangeId()) ? null : event.getExchangeId();
        return new TracedStep(step, node, TraceMasking.text(event.getToNodeLabel()), part,
                Instant.ofEpochMilli(event.getTimestamp()), event.getElapsed(), headers, body, error);
    }

    private TracedBody body(Map<?, ?> body) {
        String type = body.get("type") == null ? null : String.valueOf(body.get("type"));
        if (type == null) {
            return null;
        }
        String value = body.get("value") == null ? null : Jsoner.unescape(String.valueOf(body.get("value")));
        if (value != null && (value.startsWith("[Body is file based") || value.startsWith("[Body is instance of"))) {
            return new TracedBody(type, null, false, null, "not read for the trace, the route still needs it: "
                    + TraceMasking.text(value));
        }
        TraceMasking.Cut cut = TraceMasking.cut(value, settings.getBodyMaxChars());
        return new TracedBody(type, cut.text(), cut.truncated(), cut.length(), null);
    }
}
