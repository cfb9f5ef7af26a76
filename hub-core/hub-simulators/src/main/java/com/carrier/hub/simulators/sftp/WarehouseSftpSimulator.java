package com.carrier.hub.simulators.sftp;

/** The warehouse SFTP server ({@code /dw/out/target/}, {@code /dw/in/}) as the {@code warehouse} connector's peer. */
public class WarehouseSftpSimulator extends SftpSimulator {

    public WarehouseSftpSimulator() {
        super("warehouse");
    }
}
