package com.carrier.hub.batchfile.sftp;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.carrier.hub.batchfile.FeedShipper;

/**
 * {@link FeedShipper} to a folder on an SFTP peer: the data file goes up as {@code NAME.dat.tmp} on its own session and
 * thread; release renames it to {@code NAME.dat} and then writes {@code NAME.chk} (itself through a temporary name).
 * A release that finds {@code NAME.dat} without its control file (an earlier attempt of the same file stopped between
 * the two) replaces it; one that finds the pair complete leaves it as it is: the content derives from the same source
 * file, and the peer may already be reading it.
 */
public final class SftpFeedShipper implements FeedShipper {

    private static final Logger LOG = LoggerFactory.getLogger(SftpFeedShipper.class);

    private final SftpFolder.Opener folders;
    private final String directory;

    public SftpFeedShipper(SftpFolder.Opener folders, String directory) {
        this.folders = folders;
        this.directory = directory;
    }

    @Override
    public Shipment start(Path data, Path control) {
        String name = data.getFileName().toString();
        String tmp = name + ".tmp";
        CompletableFuture<SftpFolder> sent = CompletableFuture.supplyAsync(() -> {
            SftpFolder folder = null;
            try {
                folder = folders.open(directory);
                try (InputStream in = new BufferedInputStream(Files.newInputStream(data), 1 << 20)) {
                    folder.write(tmp, in);
                }
                return folder;
            } catch (Exception e) {
                if (folder != null) {
                    folder.close();
                }
                throw new IllegalStateException(e.getMessage(), e);
            }
        }, command -> {
            Thread t = new Thread(command, "ship-" + name);
            t.setDaemon(true);
            t.start();
        });
        return new Shipment() {
            @Override
            public void release() throws Exception {
                try (SftpFolder folder = await(sent)) {
                    String chk = control.getFileName().toString();
                    if (folder.exists(name) && folder.exists(chk)) {
                        LOG.warn("{}/{} and its control file are already there (an earlier attempt delivered them); left as they are",
                                directory, name);
                        folder.delete(tmp);
                        return;
                    }
                    folder.rename(tmp, name);
                    try (InputStream in = Files.newInputStream(control)) {
                        folder.put(chk, in);
                    }
                }
            }

            @Override
            public void abort() {
                try (SftpFolder folder = await(sent)) {
                    folder.delete(tmp);
                } catch (Exception failedUpload) {
                    try (SftpFolder folder = folders.open(directory)) {
                        folder.delete(tmp);
                    } catch (Exception e) {
                        LOG.warn("{}/{}: the temporary upload could not be removed (the next attempt replaces it): {}",
                                directory, tmp, e.getMessage());
                    }
                }
            }
        };
    }

    private SftpFolder await(CompletableFuture<SftpFolder> sent) throws Exception {
        try {
            return sent.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof IllegalStateException && e.getCause().getCause() instanceof Exception inner
                    ? inner : e.getCause();
            throw cause instanceof Exception ex ? ex : new IllegalStateException(cause);
        }
    }
}
