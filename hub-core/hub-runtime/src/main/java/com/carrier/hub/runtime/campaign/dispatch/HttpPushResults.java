package com.carrier.hub.runtime.campaign.dispatch;

import java.util.List;

/** Maps the portal's and the MM store's per-item push outcomes to contact results. */
final class HttpPushResults {

    private HttpPushResults() {
    }

    static ChannelSender.Result toResult(String msisdn, String status, String reason) {
        ChannelSender.Result.Status s = switch (status) {
            case "ACCEPTED" -> ChannelSender.Result.Status.SENT;
            case "FAILED" -> ChannelSender.Result.Status.FAILED;
            default -> ChannelSender.Result.Status.RETRY;
        };
        return new ChannelSender.Result(msisdn, s, reason, List.of(), 0);
    }
}
