package com.carrier.hub.runtime.sandbox;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import com.carrier.hub.api.HubTime;
import com.carrier.hub.simulators.PeerSimulator;
import com.carrier.hub.simulators.files.FeedFiles;
import com.carrier.hub.simulators.files.GeneratedFile;
import com.carrier.hub.simulators.sftp.MmSftpSimulator;

/**
 * Sandbox only: once the hub is up, drops today's MM app catalog on the MM catalog SFTP simulator — {@value #APPS}
 * apps with Chinese names in GBK, for the handset models of the sandbox's customers or for every model ({@code *}),
 * some withdrawn, and one bad row with an empty model list that ends in the reject file — so a newcomer sees the
 * catalog flow, land in done/ and reconcile at GET /api/files (feed {@code mm-apps}).
 */
@Component
@Profile("sandbox")
public class SandboxMmCatalogDay {

    private final SandboxPeers peers;

    public SandboxMmCatalogDay(SandboxPeers peers) {
        this.peers = peers;
    }

    static final int APPS = 120;
    private static final Logger LOG = LoggerFactory.getLogger(SandboxMmCatalogDay.class);
    private static final Charset GBK = Charset.forName("GBK");
    private static final String[] NAMES = {"咪咕视频", "咪咕音乐", "和彩云网盘", "中国移动", "咪咕阅读", "和飞信", "移动认证", "咪咕快游"};
    private static final String[] CATEGORIES = {"影音", "音乐", "工具", "生活", "阅读", "社交", "安全", "游戏"};
    private static final String[] MODELS = {"*", "HUAWEI Mate60,HUAWEI P70", "Xiaomi 14,OPPO Reno11", "iPhone 15",
            "vivo X100,Honor 90", "*"};

    @EventListener(ApplicationReadyEvent.class)
    public void drop() {
        for (PeerSimulator peer : peers.simulators()) {
            if (peer instanceof MmSftpSimulator mm && mm.isRunning()) {
                try {
                    write(mm, LocalDate.now(HubTime.ZONE).format(DateTimeFormatter.BASIC_ISO_DATE));
                } catch (IOException e) {
                    LOG.warn("sandbox: could not drop the MM app catalog: {}", e.toString());
                }
            }
        }
    }

    /** {@code count} catalog rows, the {@code bad}-th (1-based, 0 for none) with an empty model list. */
    public static List<String> rows(int count, int bad) {
        List<String> rows = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            String models = i == bad ? "" : MODELS[i % MODELS.length];
            rows.add(String.format("MM%06d|%s%d|%s|Android 9|%s|%d|%d|%s", i, NAMES[i % NAMES.length], i,
                    CATEGORIES[i % CATEGORIES.length], models, 1024 + 37 * i, i % 5 == 0 ? 600 : 0, i % 17 == 0 ? "0" : "1"));
        }
        return rows;
    }

    static GeneratedFile write(MmSftpSimulator mm, String day) throws IOException {
        // Generated aside, then moved in data first and control last, as MM does.
        Path aside = Files.createTempDirectory("sandbox-mm-");
        GeneratedFile f = FeedFiles.write(aside, "MM_APPS_" + day + ".dat", GBK, rows(APPS, 7));
        Path to = mm.local(MmSftpSimulator.CATALOG);
        Files.move(f.data(), to.resolve(f.data().getFileName()));
        Files.move(f.control(), to.resolve(f.control().getFileName()));
        Files.deleteIfExists(aside);
        LOG.info("sandbox: dropped the MM app catalog MM_APPS_{}.dat ({} apps, one bad row); see GET /api/files?feed=mm-apps",
                day, APPS);
        return new GeneratedFile(to.resolve(f.data().getFileName()), to.resolve(f.control().getFileName()), f.rows(),
                f.badRows(), f.bytes(), f.md5());
    }
}
