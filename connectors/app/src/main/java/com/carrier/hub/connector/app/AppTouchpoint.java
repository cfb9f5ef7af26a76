package com.carrier.hub.connector.app;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.carrier.hub.api.InputLimits;
import com.carrier.hub.api.touchpoint.ContactResult;
import com.carrier.hub.api.touchpoint.TemplateField;
import com.carrier.hub.api.touchpoint.Touchpoint;
import com.carrier.hub.api.touchpoint.TouchpointContact;
import com.carrier.hub.api.touchpoint.TouchpointSlice;
import com.carrier.hub.http.PushResult;

/**
 * A push notification in the carrier's own app (PEERS §10), expiring at the campaign's end. A push is keyed
 * {@code pushId} = campaignId:msisdn, so sending it again is harmless. A customer without the app ({@code NO_DEVICE})
 * is REFUSED, and the campaign engine passes them to their next channel (§8).
 *
 * <p>Quiet hours hold pushes: a push notification sounds and lights the phone the way an SMS does, so it disturbs a
 * customer at night just as much, and holding it costs nothing (deferred until the quiet hours end, never dropped).
 */
public class AppTouchpoint implements Touchpoint {

    private final AppPushClient app;

    public AppTouchpoint(AppPushClient app) {
        this.app = app;
    }

    @Override
    public String id() {
        return "APP";
    }

    @Override
    public String description() {
        return "A push notification in the carrier's app; customers without the app pass to their next channel (PEERS §10)";
    }

    @Override
    public boolean idempotent() {
        return true;
    }

    @Override
    public int sliceSize() {
        return AppProperties.MAX_BATCH;
    }

    @Override
    public boolean quietHours() {
        return true;
    }

    /** {@code title} and {@code body} are what the notification shows, so both are required; {@code deeplink} is optional. */
    @Override
    public List<TemplateField> templateFields() {
        return List.of(TemplateField.text("title", "the notification's title", true, InputLimits.NAME),
                TemplateField.text("body", "the notification's text", true, InputLimits.TEXT),
                new TemplateField("deeplink", "the app page the notification opens", false, InputLimits.TEXT,
                        TemplateField.Kind.URL));
    }

    @Override
    public List<String> responseTypes() {
        return List.of("DELIVERED", "OPENED", "CLICKED");
    }

    @Override
    public String connectorId() {
        return "app";
    }

    @Override
    public List<ContactResult> send(TouchpointSlice slice) {
        List<PushMessage> messages = new ArrayList<>(slice.contacts().size());
        Map<String, String> msisdnById = new HashMap<>();
        for (TouchpointContact c : slice.contacts()) {
            Map<String, String> f = c.fields();
            PushMessage m = PushMessage.of(slice.campaignId(), c.msisdn(), f.get("title"), f.get("body"),
                    f.get("deeplink"), slice.validUntil());
            messages.add(m);
            msisdnById.put(m.pushId(), m.msisdn());
        }
        List<ContactResult> results = new ArrayList<>(messages.size());
        if (!messages.isEmpty()) {
            for (PushResult r : app.pushMessages(messages)) {
                results.add(ContactResult.ofPush(msisdnById.get(r.key()), r.status().name(), r.reason()));
            }
        }
        return results;
    }
}
