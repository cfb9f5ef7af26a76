package com.carrier.hub.simulators.sftp;

/** The BOSS SFTP server ({@code /boss/out/…}) as the {@code boss} connector's peer. */
public class BossSftpSimulator extends SftpSimulator {

    public BossSftpSimulator() {
        super("boss");
    }
}
