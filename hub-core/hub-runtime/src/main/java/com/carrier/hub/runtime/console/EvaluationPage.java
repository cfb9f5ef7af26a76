package com.carrier.hub.runtime.console;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

import com.carrier.hub.runtime.campaign.Campaign;
import com.carrier.hub.runtime.campaign.CampaignService;
import com.carrier.hub.runtime.evaluation.Evaluation;
import com.carrier.hub.runtime.evaluation.EvaluationService;
import com.carrier.hub.runtime.evaluation.EvaluationTable;
import com.carrier.hub.runtime.evaluation.Lift;

/**
 * A campaign's evaluation ({@code /console/campaigns/{id}/evaluation}), pictures first, drawn in the server as inline
 * SVG (no script, no chart library; every label is text Thymeleaf escapes): the funnel, treatment against control
 * conversion with their confidence intervals as error bars, the lift with its interval and p-value, each quantitative
 * target's progress and projection; then the per channel × segment table and its CSV ({@link EvaluationTable}'s
 * columns, as {@code GET /api/campaigns/{id}/evaluation?format=csv}). The evaluation is {@link EvaluationService}'s,
 * as the API's, served through {@link ConsoleFigures} so a 10M-contact campaign's page does not wait for its scan.
 */
@Controller
public class EvaluationPage {

    /** Width of the charts' drawing area, in SVG units. */
    static final int WIDTH = 640;
    private static final double Z95 = new NormalDistribution(null, 0, 1).inverseCumulativeProbability(1 - (1 - Lift.CONFIDENCE) / 2);

    /** A horizontal bar: its label (a message key's suffix or a metric), value, and geometry. */
    public record Bar(String key, String label, long value, double x, double y, double width, double height, String share) {
    }

    /**
     * A group's conversion bar with its Wilson interval as an error bar: {@code top} and {@code bottom} of the whisker,
     * heights in SVG units from the chart's base line.
     */
    public record Column(String key, long converted, long customers, Double rate, double x, double y, double width,
                         double height, double whiskerTop, double whiskerBottom, String rateText, String intervalText) {
    }

    /** The lift's interval drawn on an axis with zero marked; null positions when not measurable. */
    public record LiftChart(String absolute, String relative, String pValue, String interval, String notMeasurable,
                            Double zeroX, Double lowX, Double highX, Double pointX, boolean significant) {
    }

    /** A target's progress bar and the projection's mark. */
    public record TargetBar(String metric, long target, long value, long projected, boolean onTrack, double y,
                            double width, double targetX, double projectedX, String progress) {
    }

    private final CampaignService campaigns;
    private final ConsoleFigures figures;

    public EvaluationPage(CampaignService campaigns, ConsoleFigures figures) {
        this.campaigns = campaigns;
        this.figures = figures;
    }

    @GetMapping(CampaignsPage.PATH + "/{id}/evaluation")
    public String evaluation(@PathVariable String id, Model model) {
        Campaign campaign = campaigns.get(id);
        model.addAttribute("campaign", campaign);
        Optional<ConsoleFigures.Figures<Optional<Evaluation>>> computed = figures.evaluation(campaign);
        model.addAttribute("computing", computed.isEmpty());
        computed.ifPresent(f -> f.value().ifPresent(e -> {
            model.addAttribute("evaluation", e);
            model.addAttribute("computedAt", RoutesPage.TIME.format(f.computedAt()));
            model.addAttribute("windowClosesAt", RoutesPage.TIME.format(e.windowClosesAt()));
            model.addAttribute("funnel", funnel(e.total()));
            model.addAttribute("columns", columns(e.total()));
            model.addAttribute("lift", lift(e.total().lift()));
            model.addAttribute("targets", targets(e.targets()));
            model.addAttribute("width", WIDTH);
        }));
        return "console/evaluation";
    }

    @GetMapping(path = CampaignsPage.PATH + "/{id}/evaluation.csv")
    public ResponseEntity<String> csv(@PathVariable String id) {
        Campaign campaign = campaigns.get(id);
        Evaluation e = figures.evaluation(campaign).orElseThrow(() -> new ResponseStatusException(
                        HttpStatus.SERVICE_UNAVAILABLE, "the evaluation of " + id + " is being computed; try again shortly"))
                .value().orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no campaign " + id));
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header("Content-Disposition", "attachment; filename=\"evaluation-" + id + ".csv\"")
                .body(EvaluationTable.csv(e));
    }

    /** The funnel's stages as bars scaled to the targeted customers. */
    static List<Bar> funnel(Evaluation.Funnel f) {
        long[] values = {f.targeted(), f.excluded(), f.treatment(), f.control(), f.sent(), f.delivered(), f.responded(),
                f.orderedTreatment()};
        String[] keys = {"targeted", "excluded", "treatment", "control", "sent", "delivered", "responded", "ordered"};
        long max = Math.max(1, f.targeted());
        List<Bar> bars = new ArrayList<>();
        double room = WIDTH - 260;
        for (int i = 0; i < values.length; i++) {
            double w = room * values[i] / max;
            bars.add(new Bar(keys[i], keys[i], values[i], 160, 10 + i * 30, Math.max(w, values[i] > 0 ? 1 : 0), 22,
                    percent((double) values[i] / max)));
        }
        return bars;
    }

    /** Treatment and control conversion with 95% Wilson intervals, on a scale to the higher interval's top. */
    static List<Column> columns(Evaluation.Funnel f) {
        double[] treatment = wilson(f.orderedTreatment(), f.treatment());
        double[] control = wilson(f.orderedControl(), f.control());
        double top = Math.max(Math.max(treatment[2], control[2]), 0.0001) * 1.15;
        double chart = 200;
        List<Column> columns = new ArrayList<>();
        columns.add(column("treatment", f.orderedTreatment(), f.treatment(), f.conversionTreatment(), treatment, 120, top, chart));
        columns.add(column("control", f.orderedControl(), f.control(), f.conversionControl(), control, 360, top, chart));
        return columns;
    }

    private static Column column(String key, long converted, long n, Double rate, double[] ci, double x, double top,
                                 double chart) {
        double h = rate == null ? 0 : chart * rate / top;
        return new Column(key, converted, n, rate, x, 10 + chart - h, 120, h,
                10 + chart - chart * ci[2] / top, 10 + chart - chart * ci[1] / top,
                rate == null ? "—" : percent(rate), n == 0 ? "—" : percent(ci[1]) + " – " + percent(ci[2]));
    }

    /** The rate and its Wilson score interval {rate, low, high}; zeros for an empty group. */
    static double[] wilson(long converted, long n) {
        if (n == 0) {
            return new double[] {0, 0, 0};
        }
        double p = (double) converted / n;
        double z2 = Z95 * Z95;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / (1 + z2 / n);
        return new double[] {p, Math.max(0, centre - half), Math.min(1, centre + half)};
    }

    static LiftChart lift(Lift l) {
        if (l.absolute() == null) {
            return new LiftChart(null, null, null, null, l.notMeasurable(), null, null, null, null, false);
        }
        double low = l.ciLow() == null ? l.absolute() : l.ciLow();
        double high = l.ciHigh() == null ? l.absolute() : l.ciHigh();
        double span = Math.max(Math.max(Math.abs(low), Math.abs(high)), 0.0001) * 1.2;
        double centre = WIDTH / 2.0;
        double scale = (WIDTH / 2.0 - 40) / span;
        return new LiftChart(signedPercent(l.absolute()), l.relative() == null ? null : String.format(Locale.ROOT, "%+.1f%%", l.relative() * 100),
                l.pValue() == null ? null : String.format(Locale.ROOT, "%.4g", l.pValue()),
                signedPercent(low) + " – " + signedPercent(high), l.notMeasurable(), centre, centre + low * scale,
                centre + high * scale, centre + l.absolute() * scale, low > 0 || high < 0);
    }

    static List<TargetBar> targets(List<Evaluation.TargetProgress> targets) {
        List<TargetBar> bars = new ArrayList<>();
        double room = WIDTH - 260;
        for (int i = 0; i < targets.size(); i++) {
            Evaluation.TargetProgress t = targets.get(i);
            double max = Math.max(1, Math.max(t.target(), Math.max(t.value(), t.projected())));
            bars.add(new TargetBar(t.metric(), t.target(), t.value(), t.projected(), t.onTrack(), 10 + i * 40,
                    room * t.value() / max, 160 + room * t.target() / max, 160 + room * t.projected() / max,
                    percent(t.progress())));
        }
        return bars;
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.2f%%", share * 100);
    }

    private static String signedPercent(double share) {
        return String.format(Locale.ROOT, "%+.2f pp", share * 100);
    }
}
