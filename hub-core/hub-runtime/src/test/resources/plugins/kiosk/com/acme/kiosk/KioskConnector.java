package com.acme.kiosk;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.carrier.hub.api.Connector;
import com.carrier.hub.api.ConnectorHealth;

/** The shops' kiosk display service: campaign offers to the screens, customers' taps back as responses. */
public class KioskConnector implements Connector {

    private final KioskProperties properties;
    private final HttpClient http;

    public KioskConnector(KioskProperties properties, HttpClient http) {
        this.properties = properties;
        this.http = http;
    }

    @Override
    public String id() {
        return "kiosk";
    }

    @Override
    public String description() {
        return "Shows campaign offers on the shops' self-service kiosks and reads the customers' taps back.";
    }

    @Override
    public Object properties() {
        return properties;
    }

    /** Asks the display service how many screens are online. */
    @Override
    public ConnectorHealth probe() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(properties.getUrl().resolve("/health"))
                .timeout(properties.getTimeout()).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            return ConnectorHealth.down("kiosk " + properties.getUrl() + "/health answered HTTP " + r.statusCode());
        }
        return ConnectorHealth.up(Map.of("url", properties.getUrl().toString(), "screensOnline", r.body().strip()));
    }

    @Override
    public List<String> endpoints() {
        return List.of();
    }
}
