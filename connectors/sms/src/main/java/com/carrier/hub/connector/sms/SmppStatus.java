package com.carrier.hub.connector.sms;

import java.util.Map;

/** Names of the SMPP 3.4 command_status values an SMSC commonly answers with. */
final class SmppStatus {

    static final int THROTTLED = 0x58;
    static final int MSGQFUL = 0x14;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(0x00, "ESME_ROK"), Map.entry(0x01, "ESME_RINVMSGLEN"), Map.entry(0x02, "ESME_RINVCMDLEN"),
            Map.entry(0x03, "ESME_RINVCMDID"), Map.entry(0x04, "ESME_RINVBNDSTS"), Map.entry(0x05, "ESME_RALYBND"),
            Map.entry(0x08, "ESME_RSYSERR"), Map.entry(0x0A, "ESME_RINVSRCADR"), Map.entry(0x0B, "ESME_RINVDSTADR"),
            Map.entry(0x0C, "ESME_RINVMSGID"), Map.entry(0x0D, "ESME_RBINDFAIL"), Map.entry(0x0E, "ESME_RINVPASWD"),
            Map.entry(0x0F, "ESME_RINVSYSID"), Map.entry(0x14, "ESME_RMSGQFUL"), Map.entry(0x45, "ESME_RSUBMITFAIL"),
            Map.entry(0x58, "ESME_RTHROTTLED"), Map.entry(0x61, "ESME_RINVSCHED"), Map.entry(0x62, "ESME_RINVEXPIRY"),
            Map.entry(0x64, "ESME_RX_T_APPN"), Map.entry(0x65, "ESME_RX_P_APPN"), Map.entry(0x66, "ESME_RX_R_APPN"),
            Map.entry(0xFF, "ESME_RUNKNOWNERR"));

    private SmppStatus() {
    }

    /** {@code ESME_RINVDSTADR (0x0000000b)}. */
    static String describe(int status) {
        String name = NAMES.getOrDefault(status, "status");
        return name + String.format(" (0x%08x)", status);
    }
}
