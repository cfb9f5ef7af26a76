package com.carrier.hub.runtime.peers;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

import com.carrier.hub.api.Connector;
import com.carrier.hub.api.ConnectorHealth;
import com.carrier.hub.api.FieldError;
import com.carrier.hub.batchfile.ControlFile;
import com.carrier.hub.batchfile.sftp.SftpProbe;

/**
 * An SFTP peer declared in configuration ({@code hub.peers.<id>.*}) as a connector: its health is a real login and a
 * listing of each of its folders, and routes reach it through the generic {@code sftp-pair-sink} Kamelet, naming it with
 * {@code connector=<id>}.
 */
public class SftpPeerConnector implements Connector {

    /** The Kamelet that uploads a data file and then its control file to a folder of a declared SFTP peer. */
    public static final String PAIR_SINK = "sftp-pair-sink";

    private final String id;
    private final SftpPeerProperties properties;

    public SftpPeerConnector(String id, SftpPeerProperties properties) {
        this.id = id;
        this.properties = properties;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String description() {
        return properties.getDescription();
    }

    @Override
    public SftpPeerProperties properties() {
        return properties;
    }

    /** Logs in (host key checked) and lists every folder of the peer. */
    @Override
    public ConnectorHealth probe() throws Exception {
        return SftpProbe.probe(properties, List.copyOf(properties.getFolders().values()));
    }

    @Override
    public List<String> endpoints() {
        return List.of(PAIR_SINK);
    }

    @Override
    public List<FieldError> validate(Object candidate) {
        SftpPeerProperties p = (SftpPeerProperties) candidate;
        List<FieldError> errors = new ArrayList<>();
        if ((p.getPassword() == null || p.getPassword().isEmpty()) && (p.getPrivateKeyFile() == null || p.getPrivateKeyFile().isEmpty())) {
            errors.add(new FieldError("hub.peers." + id + ".password", "set a password or a private-key-file"));
        }
        return errors;
    }

    /**
     * Used by the {@code sftp-pair-sink} Kamelet: {@code dir/NAME.dat} → {@code dir/NAME.chk}; fails naming the file when
     * the control file is not there (a pair is written data file first, control file last).
     */
    public static File controlFileOf(File data) {
        File control = new File(data.getAbsoluteFile().getParentFile(), ControlFile.nameFor(data.getName()));
        if (!control.isFile()) {
            throw new IllegalArgumentException("no control file " + control + " beside " + data
                    + " (write the pair with FeedFileWriter, which writes it last)");
        }
        return control;
    }
}
