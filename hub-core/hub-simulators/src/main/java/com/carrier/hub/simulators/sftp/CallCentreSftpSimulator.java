package com.carrier.hub.simulators.sftp;

import java.util.List;

/**
 * The 10086 call centre's SFTP server (PEERS.md §9): the hub writes call tasks to {@code /cc/in/}, the call centre
 * writes call results to {@code /cc/out/} (with {@code done/} and {@code quarantine/} below it). Its settings are those
 * of the declared SFTP peer {@code call-centre} ({@code hub.peers.call-centre.*}), not of a connector module.
 */
public class CallCentreSftpSimulator extends SftpSimulator {

    /** The id of the declared peer this server stands for. */
    public static final String PEER = "call-centre";
    /** Where the hub writes call tasks. */
    public static final String TASKS = "/cc/in";
    /** Where the call centre writes call results. */
    public static final String RESULTS = "/cc/out";

    public CallCentreSftpSimulator() {
        super(PEER);
    }

    @Override
    public String name() {
        return "SFTP server of the 10086 call centre (MINA SSHD)";
    }

    @Override
    protected String propertyPrefix() {
        return "hub.peers." + PEER + ".";
    }

    /**
     * The call-task files received so far, complete pairs only ({@code CALL_..._0001.dat} whose {@code .chk} is there),
     * in name order: the hook for a simulated agent that answers them.
     */
    public List<String> tasksReceived() {
        List<String> files = list(TASKS);
        return files.stream().filter(f -> f.endsWith(".dat") && files.contains(f.substring(0, f.length() - 4) + ".chk")).toList();
    }
}
