package com.carrier.hub.runtime.console;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import com.carrier.hub.api.ConnectorHealth;
import com.carrier.hub.api.HubTime;
import com.carrier.hub.api.Msisdn;
import com.carrier.hub.batchfile.Outcome;
import com.carrier.hub.runtime.campaign.CampaignProgress;
import com.carrier.hub.runtime.campaign.CampaignService;
import com.carrier.hub.runtime.campaign.CampaignStatus;
import com.carrier.hub.runtime.connectors.ConnectorRegistry;
import com.carrier.hub.runtime.deadletter.DeadLetterStore;
import com.carrier.hub.runtime.evaluation.GlobalHoldoutController;
import com.carrier.hub.runtime.files.JdbcFileLedger;
import com.carrier.hub.runtime.routes.RoutesController;
import com.carrier.hub.runtime.touchpoints.TouchpointsController;

/**
 * The overview at {@code /}: is everything healthy, is data moving, is anything waiting for an operator. It reads what
 * the admin API's endpoints read — connector health (probed now), touchpoints and their load
 * ({@code GET /api/touchpoints}), the routes' counters ({@code GET /api/routes}), the dead-letter store, today's files
 * in the reconciliation ledger and the running campaigns' progress ({@code GET /api/campaigns/{id}}) — in the server,
 * not over HTTP.
 */
@Controller
public class OverviewPage {

    /** A connector's health as the page shows it; the reason says what failed and where. */
    public record ConnectorRow(String id, String description, ConnectorHealth.Status status, String reason) {
    }

    /** A touchpoint's health (its connector's) and today's load against its capacity. */
    public record TouchpointRow(String id, String connector, ConnectorHealth.Status status, String reason, long used,
                                long planned, Long capacity) {
    }

    /** The routes' counters added up, and the routes that failed, with their last error. */
    public record Throughput(int routes, int started, long completed, long failed, long deadLettered,
                             List<RouteRow> failing) {
    }

    /** A route with failures. */
    public record RouteRow(String id, long failed, long deadLettered, String lastError) {
    }

    /**
     * A running campaign: its progress, the rate of the last five minutes and the time left at it; {@code computed}
     * false while its figures are still being computed (a large campaign's first view), the counts then zero.
     */
    public record CampaignRow(String id, String name, boolean computed, long targeted, long contacted, long pending,
                              long excluded, long failed, double ratePerSecond, String eta) {
    }

    private final ConnectorRegistry connectors;
    private final TouchpointsController touchpoints;
    private final RoutesController routes;
    private final DeadLetterStore deadLetters;
    private final JdbcFileLedger files;
    private final CampaignService campaigns;
    private final ConsoleFigures figures;
    private final GlobalHoldoutController holdout;

    public OverviewPage(ConnectorRegistry connectors, TouchpointsController touchpoints, RoutesController routes,
                        DeadLetterStore deadLetters, JdbcFileLedger files, CampaignService campaigns,
                        ConsoleFigures figures, GlobalHoldoutController holdout) {
        this.holdout = holdout;
        this.connectors = connectors;
        this.touchpoints = touchpoints;
        this.routes = routes;
        this.deadLetters = deadLetters;
        this.files = files;
        this.campaigns = campaigns;
        this.figures = figures;
    }

    @GetMapping("/")
    public String overview(Model model) {
        model.addAttribute("connectors", connectors.all().parallelStream().map(c -> {
            ConnectorHealth h = connectors.health(c);
            return new ConnectorRow(c.id(), c.description(), h.status(), Msisdn.maskAll(h.reason()));
        }).sorted(Comparator.comparing(ConnectorRow::id)).toList());
        model.addAttribute("touchpoints", touchpoints.list().stream().map(t -> new TouchpointRow(t.id(), t.connector(),
                t.health() == null ? null : t.health().status(), t.health() == null ? null : Msisdn.maskAll(t.health().reason()),
                t.today().used(), t.today().planned(), t.dailyCapacity()))
                .sorted(Comparator.comparing(TouchpointRow::id)).toList());
        model.addAttribute("throughput", throughput(routes.list().routes()));
        // the global control group's state as GET /api/global-holdout answers it: share, drawn when, next draw
        GlobalHoldoutController.State held = holdout.state();
        model.addAttribute("holdout", held);
        model.addAttribute("holdoutSince", held.since() == null ? "—" : RoutesPage.TIME.format(held.since()));
        model.addAttribute("holdoutNext", held.nextDraw() == null ? "—" : RoutesPage.TIME.format(held.nextDraw()));
        model.addAttribute("deadLetters", deadLetters.count());
        LocalDate today = LocalDate.now(HubTime.ZONE);
        Map<Outcome, Long> byOutcome = new LinkedHashMap<>();
        for (Outcome outcome : Outcome.values()) {
            byOutcome.put(outcome, files.count(null, today, outcome));
        }
        model.addAttribute("today", today);
        model.addAttribute("filesByOutcome", byOutcome);
        // through ConsoleFigures, as the campaign page: a 10M-contact campaign's progress is not counted per request
        model.addAttribute("campaigns", campaigns.list(CampaignStatus.RUNNING).stream().map(c -> figures.progress(c.id())
                .map(f -> {
                    CampaignProgress.Progress p = f.value();
                    return new CampaignRow(c.id(), c.definition().name(), true, p.targeted(), p.contacted(), p.pending(),
                            p.excluded(), p.failed(), p.ratePerSecond(), eta(p.eta()));
                }).orElse(new CampaignRow(c.id(), c.definition().name(), false, 0, 0, 0, 0, 0, 0, null))).toList());
        return "console/overview";
    }

    private static Throughput throughput(List<RoutesController.RouteView> all) {
        long completed = 0;
        long failed = 0;
        long deadLettered = 0;
        int started = 0;
        for (RoutesController.RouteView r : all) {
            completed += r.completed();
            failed += r.failed();
            deadLettered += r.deadLettered();
            started += "Started".equals(r.status()) ? 1 : 0;
        }
        List<RouteRow> failing = all.stream().filter(r -> r.failed() > 0 || r.deadLettered() > 0)
                .map(r -> new RouteRow(r.id(), r.failed(), r.deadLettered(), Msisdn.maskAll(r.lastError()))).toList();
        return new Throughput(all.size(), started, completed, failed, deadLettered, failing);
    }

    /** The time left as {@code 1h 05m 10s}; null when unknown (nothing sent in the last five minutes). */
    static String eta(Duration eta) {
        if (eta == null) {
            return null;
        }
        long s = eta.toSeconds();
        return s >= 3600 ? String.format("%dh %02dm %02ds", s / 3600, s % 3600 / 60, s % 60)
                : s >= 60 ? String.format("%dm %02ds", s / 60, s % 60) : s + "s";
    }
}
