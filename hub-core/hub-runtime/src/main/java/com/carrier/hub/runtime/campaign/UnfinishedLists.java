package com.carrier.hub.runtime.campaign;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Finishes, when the hub starts, the target lists that a stopped hub left DECIDING (staged whole, decided in part):
 * their contacts are not dispatched until then. Runs in the background so a list of millions does not hold up the
 * start; a part another instance is deciding at the same time is waited for and skipped, never decided twice.
 */
@Component
public class UnfinishedLists {

    private static final Logger LOG = LoggerFactory.getLogger(UnfinishedLists.class);

    private final TargetListService lists;

    public UnfinishedLists(TargetListService lists) {
        this.lists = lists;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void finishInBackground() {
        Thread t = new Thread(this::finishAll, "target-list-resume");
        t.setDaemon(true);
        t.start();
    }

    /** Finishes every DECIDING list; one that fails again is logged and left for the next start. */
    public void finishAll() {
        for (String[] list : lists.unfinished()) {
            try {
                TargetListService.ListResult r = lists.resume(list[0], list[1]);
                LOG.warn("campaign {}: target list {} left undecided by a stop is now decided: {}", list[0], list[1],
                        r.byOutcome());
            } catch (RuntimeException e) {
                LOG.error("campaign {}: target list {} is still not fully decided (retried at the next start): {}",
                        list[0], list[1], e.toString());
            }
        }
    }
}
