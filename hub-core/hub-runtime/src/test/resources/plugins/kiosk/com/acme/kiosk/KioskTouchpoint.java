package com.acme.kiosk;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.carrier.hub.api.touchpoint.ContactResult;
import com.carrier.hub.api.touchpoint.TemplateField;
import com.carrier.hub.api.touchpoint.Touchpoint;
import com.carrier.hub.api.touchpoint.TouchpointContact;
import com.carrier.hub.api.touchpoint.TouchpointSlice;

/**
 * An offer on the self-service kiosk of the customer's shop, shown when the customer next signs in there. The display
 * service counts (and bills) every display, so showing it again is not harmless: a slice whose answer a crash lost
 * ends OUTCOME_UNKNOWN and is not shown again. A kiosk makes no sound, so quiet hours do not hold it.
 *
 * <p>One request per slice: {@code POST /screens} with a line {@code msisdn TAB headline TAB link} per contact; the
 * service answers a line {@code msisdn TAB SHOWN} (or a refusal code) per contact it took.
 */
public class KioskTouchpoint implements Touchpoint {

    private final KioskProperties properties;
    private final HttpClient http;

    public KioskTouchpoint(KioskProperties properties, HttpClient http) {
        this.properties = properties;
        this.http = http;
    }

    @Override
    public String id() {
        return "KIOSK";
    }

    @Override
    public String description() {
        return "An offer on the self-service kiosk of the customer's shop, tapped to learn more";
    }

    @Override
    public boolean idempotent() {
        return false;
    }

    @Override
    public int sliceSize() {
        return properties.getSliceSize();
    }

    @Override
    public boolean quietHours() {
        return false;
    }

    /** The headline is what the screen shows; the link, optional, becomes its QR code. */
    @Override
    public List<TemplateField> templateFields() {
        return List.of(TemplateField.text("headline", "the offer's headline on the kiosk screen", true, 60),
                new TemplateField("link", "the page the screen's QR code opens", false, 500, TemplateField.Kind.URL));
    }

    @Override
    public List<String> responseTypes() {
        return List.of("CLICKED");
    }

    @Override
    public String connectorId() {
        return "kiosk";
    }

    @Override
    public List<ContactResult> send(TouchpointSlice slice) {
        StringBuilder body = new StringBuilder();
        for (TouchpointContact c : slice.contacts()) {
            body.append(c.msisdn()).append('\t').append(oneLine(c.fields().get("headline"))).append('\t')
                    .append(oneLine(c.fields().get("link"))).append('\n');
        }
        HttpRequest request = HttpRequest.newBuilder(properties.getUrl().resolve("/screens"))
                .timeout(properties.getTimeout()).header("Content-Type", "text/plain; charset=UTF-8")
                .header("X-Campaign", slice.campaignId())
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException e) {
            return all(slice, ContactResult.Status.RETRY, "KIOSK_UNREACHABLE");
        } catch (HttpTimeoutException e) {
            return all(slice, ContactResult.Status.OUTCOME_UNKNOWN, "KIOSK_TIMEOUT");
        } catch (IOException e) {
            // the request may have left: the screens may show it
            return all(slice, ContactResult.Status.OUTCOME_UNKNOWN, "KIOSK_IO");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return all(slice, ContactResult.Status.OUTCOME_UNKNOWN, "KIOSK_INTERRUPTED");
        }
        if (response.statusCode() == 429 || response.statusCode() >= 500) {
            return all(slice, ContactResult.Status.RETRY, "KIOSK_HTTP_" + response.statusCode());
        }
        if (response.statusCode() != 200) {
            return all(slice, ContactResult.Status.FAILED, "KIOSK_HTTP_" + response.statusCode());
        }
        Map<String, String> answers = new HashMap<>();
        for (String line : response.body().split("\n")) {
            String[] f = line.split("\t");
            if (f.length == 2) {
                answers.put(f[0], f[1].strip());
            }
        }
        List<ContactResult> results = new ArrayList<>(slice.contacts().size());
        for (TouchpointContact c : slice.contacts()) {
            String answer = answers.get(c.msisdn());
            if (answer == null) {
                results.add(new ContactResult(c.msisdn(), ContactResult.Status.OUTCOME_UNKNOWN, "KIOSK_NO_ANSWER", List.of(), 0));
            } else if (answer.equals("SHOWN")) {
                results.add(ContactResult.sent(c.msisdn()));
            } else {
                results.add(ContactResult.failed(c.msisdn(), answer));
            }
        }
        return results;
    }

    private static List<ContactResult> all(TouchpointSlice slice, ContactResult.Status status, String reason) {
        return slice.contacts().stream().map(c -> new ContactResult(c.msisdn(), status, reason, List.of(), 0)).toList();
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }
}
