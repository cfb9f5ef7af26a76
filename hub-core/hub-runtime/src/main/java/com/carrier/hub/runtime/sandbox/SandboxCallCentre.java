package com.carrier.hub.runtime.sandbox;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

import com.carrier.hub.simulators.sftp.CallCentreAgent;
import com.carrier.hub.simulators.sftp.CallCentreSftpSimulator;

/**
 * Sandbox only: once the hub is up, the call centre's simulated agents ({@link CallCentreAgent}) answer the call tasks
 * the hub wrote to the {@link CallCentreSftpSimulator}: every {@code hub.sandbox.call-centre.answer-every} they read
 * the new task files in {@code /cc/in} and write the results of the calls they made as one {@code CALL_RESULT} pair in
 * {@code /cc/out}, which route {@code call-centre-results-to-ledger} takes into the response ledger, so a sandbox user
 * sees CALL responses (and DO_NOT_CALL opt-outs) for a campaign on CALL.
 */
@Component
@Profile("sandbox")
public class SandboxCallCentre {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxCallCentre.class);

    private final SandboxPeers peers;
    private final SandboxCallCentreProperties properties;
    private final TaskScheduler scheduler;

    public SandboxCallCentre(SandboxPeers peers, SandboxCallCentreProperties properties, TaskScheduler scheduler) {
        this.peers = peers;
        this.properties = properties;
        this.scheduler = scheduler;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void start() {
        if (!properties.isEnabled()) {
            LOG.info("sandbox: the call centre's simulated agents are off (hub.sandbox.call-centre.enabled=false)");
            return;
        }
        peers.peer(CallCentreSftpSimulator.class).ifPresent(centre -> {
            CallCentreAgent agent = new CallCentreAgent(centre.root()).answering(properties.getAnsweredShare());
            scheduler.scheduleWithFixedDelay(() -> answer(agent), properties.getAnswerEvery());
            LOG.info("sandbox: the call centre's simulated agents answer {}% of the call tasks every {}",
                    Math.round(properties.getAnsweredShare() * 100), properties.getAnswerEvery());
        });
    }

    private static void answer(CallCentreAgent agent) {
        try {
            List<CallCentreAgent.Result> results = agent.answerNewTasks();
            if (!results.isEmpty()) {
                LOG.info("sandbox: the call centre answered {} call tasks in /cc/out", results.size());
            }
        } catch (RuntimeException e) {
            LOG.warn("sandbox: the call centre's simulated agents could not answer: {}", e.toString());
        }
    }
}
