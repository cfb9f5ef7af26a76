package com.carrier.hub.connector.sms;

import java.util.ArrayList;
import java.util.List;

import org.jsmpp.session.MessageReceiverListener;

/**
 * The account's {@code binds} sessions ({@link SmppBind}), opened together and closed together, and what the health
 * probe and the details report about them: how many are bound, suspect, unanswered, and why a bind failed.
 */
final class SmppBindPool {

    private final List<SmppBind> binds = new ArrayList<>();

    /** Opens the binds in the background, each with its window of submitters. */
    void open(SmsProperties props, SmsStatistics stats, MessageReceiverListener inbound, PartSubmitter submitter) {
        for (int i = 1; i <= props.getBinds(); i++) {
            SmppBind bind = new SmppBind(i, props, stats, inbound, submitter);
            binds.add(bind);
            bind.start();
        }
    }

    /** Stops every bind: supervisors and submitters end, sessions unbind. */
    void close() {
        for (SmppBind b : binds) {
            b.stop();
        }
    }

    /** How many of the configured binds are bound right now. */
    int boundSessions() {
        int n = 0;
        for (SmppBind b : binds) {
            if (b.isBound()) {
                n++;
            }
        }
        return n;
    }

    /**
     * How many binds are suspect: a submit_sm or probe went unanswered and no enquire_link has been answered since;
     * they take no submits while they are probed and re-bound.
     */
    int suspectBinds() {
        int n = 0;
        for (SmppBind b : binds) {
            if (b.suspect != null) {
                n++;
            }
        }
        return n;
    }

    /**
     * Each suspect bind, why and what it does now, e.g. {@code bind 1: no submit_sm_resp within 10000 ms; probing the
     * SMSC with enquire_link, no submits meanwhile}.
     */
    List<String> suspects() {
        List<String> out = new ArrayList<>();
        for (SmppBind b : binds) {
            String why = b.suspect;
            if (why != null) {
                out.add("bind " + b.number + ": " + why + "; " + (b.isBound()
                        ? "probing the SMSC with enquire_link, no submits meanwhile"
                        : "re-binding, then probing before it takes submits"));
            }
        }
        return out;
    }

    /** How many bound sessions have their last enquire_link unanswered. */
    int unresponsiveSessions() {
        int n = 0;
        for (SmppBind b : binds) {
            if (b.isBound() && b.missedEnquireLinks > 0) {
                n++;
            }
        }
        return n;
    }

    /** The last bind failure of each bind that is not bound, e.g. {@code bind 1: ESME_RINVPASWD (0x0000000e)}. */
    List<String> bindFailures() {
        List<String> out = new ArrayList<>();
        for (SmppBind b : binds) {
            String e = b.lastError;
            if (!b.isBound() && e != null) {
                out.add("bind " + b.number + ": " + e);
            }
        }
        return out;
    }
}
