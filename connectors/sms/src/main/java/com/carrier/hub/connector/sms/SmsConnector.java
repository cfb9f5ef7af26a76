package com.carrier.hub.connector.sms;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.carrier.hub.api.Connector;
import com.carrier.hub.api.ConnectorHealth;
import com.carrier.hub.api.FieldError;

/** The SMS gateway connector: SMPP to the carrier's SMSC (PEERS §5). */
public class SmsConnector implements Connector {

    private final SmsProperties properties;
    private final SmsGateway gateway;

    public SmsConnector(SmsProperties properties, SmsGateway gateway) {
        this.properties = properties;
        this.gateway = gateway;
    }

    @Override
    public String id() {
        return "sms";
    }

    @Override
    public String description() {
        return "Sends campaign SMS to the carrier's SMSC over SMPP at the licensed rate and stores its delivery"
                + " receipts, replies and opt-outs as response events.";
    }

    @Override
    public Object properties() {
        return properties;
    }

    /**
     * UP when a session of the account is bound and answers enquire_link; DOWN when every bound session has stopped
     * answering, or every bind is suspect (an unanswered submit_sm or probe: sending waits while they are probed and
     * re-bound); with no session bound, binds once with the configured credentials (under the bind timeout) and
     * reports what the SMSC said.
     */
    @Override
    public ConnectorHealth probe() throws Exception {
        Map<String, Object> details = new LinkedHashMap<>(gateway.details());
        List<String> suspects = gateway.suspects();
        if (!suspects.isEmpty() && suspects.size() == gateway.binds()) {
            return ConnectorHealth.down("sms: SMSC " + properties.getHost() + ":" + properties.getPort()
                    + " answers no enquire_link on any of its " + suspects.size() + " bind(s), sending waits: "
                    + String.join("; ", suspects), details);
        }
        int bound = gateway.boundSessions();
        if (bound > 0 && gateway.unresponsiveSessions() == bound) {
            return ConnectorHealth.down("sms: SMSC " + properties.getHost() + ":" + properties.getPort() + " has "
                    + bound + " bound session(s) but answers no enquire_link", details);
        }
        if (bound > 0) {
            return ConnectorHealth.up(details);
        }
        gateway.probeBind();
        details.put("probeBind", "ok");
        return ConnectorHealth.up(details);
    }

    /** None: campaign SMS go out only through the campaign dispatch ({@link SmsTouchpoint}), under the contact policy. */
    @Override
    public List<String> endpoints() {
        return List.of();
    }

    @Override
    public List<FieldError> validate(Object candidate) {
        List<FieldError> errors = new ArrayList<>();
        if (candidate instanceof SmsProperties p) {
            if (p.getRebindMaxBackoff().compareTo(p.getRebindBackoff()) < 0) {
                errors.add(new FieldError("hub.connectors.sms.rebind-max-backoff",
                        "must not be shorter than rebind-backoff (" + p.getRebindBackoff() + ")"));
            }
            if (p.getThrottleMaxBackoff().compareTo(p.getThrottleBackoff()) < 0) {
                errors.add(new FieldError("hub.connectors.sms.throttle-max-backoff",
                        "must not be shorter than throttle-backoff (" + p.getThrottleBackoff() + ")"));
            }
            if (p.getLicensedRate() > 0 && p.getLicensedRate() < p.getBinds()) {
                errors.add(new FieldError("hub.connectors.sms.binds",
                        "more binds (" + p.getBinds() + ") than submit_sm per second (" + p.getLicensedRate() + ")"));
            }
        }
        return errors;
    }
}
