package com.carrier.hub.runtime.evaluation;

import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.carrier.hub.runtime.audit.AuditTrail;
import com.carrier.hub.runtime.campaign.GlobalHoldout;
import com.carrier.hub.runtime.campaign.GlobalHoldoutProperties;

import io.swagger.v3.oas.annotations.Operation;

/** The global control group: where it stands, a re-draw (ADMIN), and the programme's lift against it. */
@RestController
@RequestMapping("/api/global-holdout")
public class GlobalHoldoutController {

    /**
     * The group in force (its seed is not shown: it would tell who is in it).
     *
     * @param percent share of all customers held out; 0 when the global holdout is off
     * @param since   when the group in force was drawn; null when off
     * @param nextDraw when the schedule draws it again; null when off
     */
    public record State(double percent, Instant since, Duration reseedEvery, Instant nextDraw) {
    }

    private final GlobalHoldout holdout;
    private final GlobalHoldoutProperties settings;
    private final GlobalHoldoutReport report;
    private final AuditTrail audit;

    public GlobalHoldoutController(GlobalHoldout holdout, GlobalHoldoutProperties settings, GlobalHoldoutReport report,
                                   AuditTrail audit) {
        this.holdout = holdout;
        this.settings = settings;
        this.report = report;
        this.audit = audit;
    }

    @GetMapping
    @Operation(summary = "The global control group in force: its share, when it was drawn and when it is drawn again")
    public State state() {
        return state(holdout.current());
    }

    @PostMapping("/reseed")
    @Operation(summary = "Draw the global control group again now, with a new seed (ADMIN); 400 while its share is 0")
    public State reseed(Principal who) {
        State before = state();
        State after = state(holdout.reseed(who.getName()));
        audit.change(before, after);
        return after;
    }

    @GetMapping("/report")
    @Operation(summary = "The whole programme's lift over a period (days in Asia/Shanghai, both included): order rate of"
            + " the customers no campaign contacted against everyone else's; 400 when the group changed within the period")
    public GlobalHoldoutReport.Report report(@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                             @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        return report.of(from, to);
    }

    private State state(GlobalHoldout.Group g) {
        return g == null ? new State(0, null, settings.getReseedEvery(), null)
                : new State(g.percent(), g.since(), settings.getReseedEvery(), g.since().plus(settings.getReseedEvery()));
    }
}
