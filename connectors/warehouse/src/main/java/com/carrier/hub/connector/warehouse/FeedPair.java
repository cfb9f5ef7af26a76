package com.carrier.hub.connector.warehouse;

import java.io.File;

/** Used by the warehouse-feed-sink Kamelet: the control file that belongs beside a data file. */
public final class FeedPair {

    private FeedPair() {
    }

    /** {@code dir/NAME.dat} → {@code dir/NAME.chk}; fails naming the file when the control file is not there. */
    public static File controlFileOf(File data) {
        String name = data.getName();
        int dot = name.lastIndexOf('.');
        File control = new File(data.getAbsoluteFile().getParentFile(), (dot > 0 ? name.substring(0, dot) : name) + ".chk");
        if (!control.isFile()) {
            throw new IllegalArgumentException("warehouse: no control file " + control + " beside " + data
                    + " (write feeds with FeedFileWriter, which writes it last)");
        }
        return control;
    }
}
