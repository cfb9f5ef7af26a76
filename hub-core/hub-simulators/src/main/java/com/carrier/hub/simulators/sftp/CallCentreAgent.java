package com.carrier.hub.simulators.sftp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import com.carrier.hub.simulators.files.FeedFiles;

/**
 * The 10086 call centre's agents, simulated on the call centre's SFTP server folder tree (PEERS.md §9): each
 * {@link #answerNewTasks()} reads the complete call-task files in {@code /cc/in} (a data file whose control file is
 * there, PEERS §9.1) it has not read yet, calls a share of their customers and writes the results as one
 * {@code CALL_RESULT_<yyyyMMdd>_<seq4>.dat} pair in {@code /cc/out} (§9.2): GBK, data file first under a temporary name,
 * renamed, control file last, as the common file rules want.
 *
 * <p>Deterministic by MSISDN, so a test knows every answer in advance ({@link #resultFor}): a customer is called when
 * {@code bucket(msisdn) < answered share} (default 80%), and the result follows a second bucket: 30% ACCEPTED, 30%
 * DECLINED, 20% NO_ANSWER, 5% UNREACHABLE, 10% CALL_BACK, 5% DO_NOT_CALL.
 *
 * <p>The sandbox runs it on the root of its {@link CallCentreSftpSimulator} on a timer
 * ({@code new CallCentreAgent(simulator.root()).answering(0.8)}, then {@link #answerNewTasks()} every so often), so a
 * sandbox user sees CALL responses; a test calls {@link #answerNewTasks()} when it wants the answers.
 */
public class CallCentreAgent {

    /** The peer's own clock (PEERS.md: Asia/Shanghai); a simulated peer keeps its own, it does not borrow the hub's. */
    private static final ZoneId PEER_ZONE = ZoneId.of("Asia/Shanghai");

    private static final String TASKS = CallCentreSftpSimulator.TASKS;
    private static final String RESULTS = CallCentreSftpSimulator.RESULTS;

    private static final Charset GBK = Charset.forName("GBK");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    /** One call made: what the agent answered for a task. */
    public record Result(String taskId, String msisdn, String result, String callTime, String agentId, String note) {

        /** The row as §9.2 lays it out. */
        public String line() {
            return String.join("|", taskId, msisdn, result, callTime, agentId, note);
        }
    }

    private final Path root;
    private final Clock clock;
    private final Set<String> read = ConcurrentHashMap.newKeySet();
    private double share = 0.8;

    /** @param root the call centre's SFTP server root (the simulator's {@code root()}), holding {@code cc/in} and {@code cc/out} */
    public CallCentreAgent(Path root) {
        this(root, Clock.systemUTC());
    }

    public CallCentreAgent(Path root, Clock clock) {
        this.root = root;
        this.clock = clock;
    }

    /** Answers this share of the tasks (0 to 1); the others are never called. */
    public CallCentreAgent answering(double share) {
        if (share < 0 || share > 1) {
            throw new IllegalArgumentException("call centre agent: answered share must be between 0 and 1, got " + share);
        }
        this.share = share;
        return this;
    }

    /**
     * The result the agents give the customer, or null when they do not call them: the same for an MSISDN every time.
     *
     * @param share the answered share (0 to 1)
     */
    public static String resultFor(String msisdn, double share) {
        int called = bucket(msisdn, 17);
        if (called >= Math.round(share * 100)) {
            return null;
        }
        int b = bucket(msisdn, 31);
        if (b < 30) {
            return "ACCEPTED";
        } else if (b < 60) {
            return "DECLINED";
        } else if (b < 80) {
            return "NO_ANSWER";
        } else if (b < 85) {
            return "UNREACHABLE";
        } else if (b < 95) {
            return "CALL_BACK";
        }
        return "DO_NOT_CALL";
    }

    /**
     * Reads the complete task files not read yet and writes the results of the calls made as one result pair.
     *
     * @return the results written, in task order; empty when there was nothing to call (no file is written then)
     */
    public synchronized List<Result> answerNewTasks() {
        try {
            Path in = local(TASKS);
            Path out = local(RESULTS);
            Files.createDirectories(out);
            List<Path> tasks;
            try (Stream<Path> files = Files.list(in)) {
                tasks = files.filter(p -> p.getFileName().toString().startsWith("CALL_")
                                && p.getFileName().toString().endsWith(".dat")
                                && Files.exists(p.resolveSibling(FeedFiles.controlName(p.getFileName().toString())))
                                && !read.contains(p.getFileName().toString()))
                        .sorted().toList();
            }
            List<Result> results = new ArrayList<>();
            String now = TIMESTAMP.format(clock.instant().atZone(PEER_ZONE));
            for (Path task : tasks) {
                for (String line : Files.readAllLines(task, GBK)) {
                    String[] f = line.split("\\|", -1);
                    if (f.length < 2) {
                        continue;
                    }
                    String result = resultFor(f[1], share);
                    if (result != null) {
                        results.add(new Result(f[0], f[1], result, now, "A" + String.format("%03d", bucket(f[1], 7)),
                                "DO_NOT_CALL".equals(result) ? "客户要求不再来电" : ""));
                    }
                }
                read.add(task.getFileName().toString());
            }
            if (!results.isEmpty()) {
                write(out, results);
            }
            return results;
        } catch (IOException e) {
            throw new UncheckedIOException("call centre agent: cannot answer the tasks under " + root, e);
        }
    }

    /** Writes the pair: data file under a temporary name, renamed, then the control file. */
    private void write(Path out, List<Result> results) throws IOException {
        String day = DAY.format(LocalDate.now(clock.withZone(PEER_ZONE)));
        int seq = 1;
        while (Files.exists(out.resolve(name(day, seq))) || Files.exists(out.resolve("done").resolve(name(day, seq)))
                || Files.exists(out.resolve("quarantine").resolve(name(day, seq)))) {
            seq++;
        }
        String name = name(day, seq);
        Path tmp = Files.createTempDirectory(root, ".cc-agent-"); // same file system: the renames are atomic
        try {
            FeedFiles.write(tmp, name, GBK, results.stream().map(Result::line).toList());
            Files.move(tmp.resolve(name), out.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            Files.move(tmp.resolve(FeedFiles.controlName(name)), out.resolve(FeedFiles.controlName(name)),
                    StandardCopyOption.ATOMIC_MOVE);
        } finally {
            try (Stream<Path> left = Files.list(tmp)) {
                for (Path p : left.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(tmp);
        }
    }

    private static String name(String day, int seq) {
        return "CALL_RESULT_" + day + "_" + String.format("%04d", seq) + ".dat";
    }

    private Path local(String remote) {
        return root.resolve(remote.substring(1));
    }

    /** 0–99 from the MSISDN's digits, salted so the called share and the result are independent. */
    private static int bucket(String msisdn, int salt) {
        return Math.floorMod((msisdn + "#" + salt).hashCode() * 31 + salt, 100);
    }
}
