package com.carrier.hub.simulators.smsc;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.jsmpp.PDUStringException;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.BroadcastSm;
import org.jsmpp.bean.CancelBroadcastSm;
import org.jsmpp.bean.CancelSm;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.EnquireLink;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.QueryBroadcastSm;
import org.jsmpp.bean.QuerySm;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.ReplaceSm;
import org.jsmpp.bean.SubmitMulti;
import org.jsmpp.bean.SubmitSm;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.BindRequest;
import org.jsmpp.session.BroadcastSmResult;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.QueryBroadcastSmResult;
import org.jsmpp.session.QuerySmResult;
import org.jsmpp.session.SMPPServerSession;
import org.jsmpp.session.connection.Connection;
import org.jsmpp.session.connection.ServerConnection;
import org.jsmpp.session.connection.socket.ServerSocketConnection;
import org.jsmpp.session.connection.socket.SocketConnection;
import org.jsmpp.extra.SessionState;
import org.jsmpp.DefaultPDUReader;
import org.jsmpp.DefaultPDUSender;
import org.jsmpp.InvalidCommandLengthException;
import org.jsmpp.SynchronizedPDUSender;
import org.jsmpp.bean.Command;
import org.jsmpp.session.ServerMessageReceiverListener;
import org.jsmpp.session.ServerResponseDeliveryListener;
import org.jsmpp.session.Session;
import org.jsmpp.session.SubmitMultiResult;
import org.jsmpp.session.SubmitSmResult;
import org.jsmpp.util.MessageId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.carrier.hub.simulators.PeerSimulator;

/**
 * An SMSC on a free loopback port speaking SMPP 3.4 through a real jSMPP server (PEERS §5).
 *
 * <p>It checks bind credentials, enforces the account's licensed rate over any one-second window (answering
 * {@code ESME_RTHROTTLED} above it), answers each submit_sm after a configurable latency with a message id in hex or
 * decimal, sends delivery receipts in a configurable DELIVRD/UNDELIV/EXPIRED mix (some before the submit_sm_resp,
 * one per part), redelivers a deliver_sm the ESME answered with an error, injects MO replies, and has fault modes:
 * drop every connection, send unbind, stop answering. Every submit_sm and every deliver_sm outcome is recorded for
 * tests to inspect.
 *
 * <p>A silent SMSC ({@link #answering(boolean)}, or one session with {@link #answering(String, boolean)}) reads
 * every PDU and answers none. Of the submit_sm it reads while silent, a share ({@link #silentSubmits(double)}, all by
 * default) is accepted: recorded at once as accepted with its message id, answered if its session is still open
 * when the SMSC answers again, and its receipt sent then (on any bound session). The others are lost: recorded with
 * status {@link #LOST}, never answered, never delivered, no receipt. So {@link #submits()} filtered by
 * {@link Submit#accepted()} is what the SMSC accepted, silence or not.
 */
public class SmscSimulator implements PeerSimulator {

    /** The peer's own clock (PEERS.md: Asia/Shanghai); a simulated peer keeps its own, it does not borrow the hub's. */
    private static final ZoneId PEER_ZONE = ZoneId.of("Asia/Shanghai");

    private static final Logger log = LoggerFactory.getLogger(SmscSimulator.class);
    private static final DateTimeFormatter RECEIPT_DATE = DateTimeFormatter.ofPattern("yyMMddHHmm");
    /** The command status recorded for a submit_sm lost while the SMSC was silent: never answered nor delivered. */
    public static final int LOST = -1;

    /** How the SMSC writes message ids. */
    public enum IdFormat { DECIMAL, HEX }

    /** One submit_sm as the SMSC received it ({@code commandStatus} {@link #LOST}: lost while silent). */
    public record Submit(long receivedNanos, long receivedMillis, String sessionId, String source, String destination,
                         byte esmClass, byte dataCoding, byte registeredDelivery, byte[] shortMessage,
                         String messageId, int commandStatus) {

        public boolean accepted() {
            return commandStatus == 0;
        }
    }

    /** One deliver_sm the SMSC sent and how the ESME answered it (0 = ESME_ROK, -1 = no answer / not sent). */
    public record Delivery(String kind, String messageId, String stat, int attempt, int commandStatus,
                           boolean sentBeforeSubmitResp) {
    }

    private final String systemId;
    private final String password;
    private final int requestedPort;

    private volatile int licensedRate;
    private volatile Duration responseLatency = Duration.ZERO;
    private volatile IdFormat messageIdFormat = IdFormat.DECIMAL;
    private volatile IdFormat receiptIdFormat = IdFormat.DECIMAL;
    private volatile boolean receiptsEnabled = true;
    private volatile double delivrdShare = 0.9;
    private volatile double undelivShare = 0.07;
    private volatile double earlyReceiptShare = 0.1;
    private volatile Duration earlyReceiptLead = Duration.ofMillis(20);
    private volatile Duration receiptDelay = Duration.ZERO;
    private volatile Duration redeliveryDelay = Duration.ofMillis(200);
    private volatile int maxDeliveryAttempts = 5;
    private volatile boolean answering = true;
    private final Set<String> silentSessions = ConcurrentHashMap.newKeySet();
    private volatile double silentAcceptedShare = 1.0;
    private volatile BiPredicate<String, Integer> hold = (destination, part) -> false;
    private final AtomicInteger held = new AtomicInteger();
    private volatile boolean recordSubmits = true;
    private volatile Consumer<Submit> acceptedListener = s -> { };
    private volatile Predicate<String> rejectDestination = d -> false;
    private volatile int rejectStatus = SMPPConstant.STAT_ESME_RINVDSTADR;
    private final AtomicInteger forcedFailures = new AtomicInteger();
    private volatile int forcedFailureStatus = SMPPConstant.STAT_ESME_RMSGQFUL;
    private final int receiptThreads;
    private final int pduProcessorDegree;

    private final AtomicLong nextMessageId = new AtomicLong(0x3B9ACA00L);
    private final long[] acceptedWindow = new long[1 << 16];
    private int windowHead;
    private int windowSize;

    private final ConcurrentLinkedQueue<Submit> submits = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Delivery> deliveries = new ConcurrentLinkedQueue<>();
    private final Map<String, Long> submitRespSentNanos = new ConcurrentHashMap<>();
    private final Map<String, Runnable> afterResp = new ConcurrentHashMap<>();
    private final AtomicLong acceptedCount = new AtomicLong();
    private final AtomicLong throttledCount = new AtomicLong();
    private final AtomicLong lostCount = new AtomicLong();
    private final AtomicLong receiptsAcknowledged = new AtomicLong();
    private final AtomicInteger receiptsPending = new AtomicInteger();
    private final AtomicInteger bindsAccepted = new AtomicInteger();
    private final AtomicInteger bindsRejected = new AtomicInteger();
    private final Set<SMPPServerSession> sessions = ConcurrentHashMap.newKeySet();
    private final List<String> rejectedBindReasons = new CopyOnWriteArrayList<>();

    private ServerConnection server;
    private int boundPort;
    private final Map<SMPPServerSession, ArrivalStampingReader> readers = new ConcurrentHashMap<>();
    private Thread acceptor;
    private final Receiver receiver = new Receiver();
    private final RespListener respListener = new RespListener();
    private ExecutorService receiptSender;
    private ScheduledExecutorService scheduler;
    private volatile boolean running;

    /** The sandbox SMSC: account {@code hub}/{@code hubpass1}, licensed rate 100/s, receipts on. */
    public SmscSimulator() {
        this("hub", "hubpass1", 100);
    }

    /**
     * @param licensedRate submit_sm per second the account may send over any one-second window; 0 for no limit
     */
    public SmscSimulator(String systemId, String password, int licensedRate) {
        this(systemId, password, licensedRate, 0, 16, 8);
    }

    public SmscSimulator(String systemId, String password, int licensedRate, int port, int receiptThreads,
                         int pduProcessorDegree) {
        this.systemId = systemId;
        this.password = password;
        this.licensedRate = licensedRate;
        this.requestedPort = port;
        this.receiptThreads = receiptThreads;
        this.pduProcessorDegree = pduProcessorDegree;
    }

    @Override
    public String connectorId() {
        return "sms";
    }

    @Override
    public String name() {
        return "SMSC (jSMPP)";
    }

    @Override
    public synchronized void start() throws IOException {
        if (running) {
            return;
        }
        // loopback only: jSMPP's ServerSocketConnectionFactory listens on every interface, and the sandbox's SMSC
        // accepts a known system id and password
        ServerSocket socket = new ServerSocket(requestedPort, 50, InetAddress.getLoopbackAddress());
        server = new ServerSocketConnection(socket) {
            @Override
            public Connection accept() throws IOException {
                // as a real SMSC does: without it, Nagle's algorithm holds a small submit_sm_resp until the ESME's
                // delayed ACK of the previous one (40 ms a round trip when a window of submits waits on them)
                Socket accepted = socket.accept();
                accepted.setTcpNoDelay(true);
                return new SocketConnection(accepted);
            }
        };
        boundPort = socket.getLocalPort();
        receiptSender = Executors.newFixedThreadPool(receiptThreads, daemon("smsc-sim-receipts"));
        scheduler = Executors.newSingleThreadScheduledExecutor(daemon("smsc-sim-scheduler"));
        running = true;
        acceptor = new Thread(this::acceptLoop, "smsc-sim-acceptor-" + boundPort);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        answering = true;
        silentSessions.clear();
        try {
            server.close();
        } catch (IOException e) {
            log.debug("closing SMSC simulator listener", e);
        }
        for (SMPPServerSession s : sessions) {
            s.close();
        }
        sessions.clear();
        receiptSender.shutdownNow();
        scheduler.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    public int port() {
        if (!running) {
            throw new IllegalStateException("SMSC simulator is not running");
        }
        return boundPort;
    }

    @Override
    public Map<String, String> connectorProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("hub.connectors.sms.host", "127.0.0.1");
        p.put("hub.connectors.sms.port", String.valueOf(port()));
        p.put("hub.connectors.sms.system-id", systemId);
        p.put("hub.connectors.sms.password", password);
        p.put("hub.connectors.sms.licensed-rate", String.valueOf(licensedRate));
        return p;
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("host", "127.0.0.1");
        d.put("port", running ? port() : null);
        d.put("systemId", systemId);
        d.put("password", password);
        d.put("licensedRate", licensedRate);
        d.put("boundSessions", boundSessions());
        d.put("submitsAccepted", acceptedCount.get());
        d.put("submitsThrottled", throttledCount.get());
        d.put("submitsLostWhileSilent", lostCount.get());
        return d;
    }

    // ---------------------------------------------------------------- configuration (may change while running)

    public SmscSimulator licensedRate(int perSecond) {
        synchronized (acceptedWindow) {
            this.licensedRate = perSecond;
            windowSize = 0;
        }
        return this;
    }

    public SmscSimulator responseLatency(Duration latency) {
        this.responseLatency = latency;
        return this;
    }

    public SmscSimulator messageIdFormat(IdFormat inSubmitResp, IdFormat inReceipts) {
        this.messageIdFormat = inSubmitResp;
        this.receiptIdFormat = inReceipts;
        return this;
    }

    public SmscSimulator receipts(boolean enabled) {
        this.receiptsEnabled = enabled;
        return this;
    }

    /** Shares of DELIVRD and UNDELIV receipts; the rest are EXPIRED. */
    public SmscSimulator receiptMix(double delivrd, double undeliv) {
        this.delivrdShare = delivrd;
        this.undelivShare = undeliv;
        return this;
    }

    /** Share of receipts sent before the submit_sm_resp (which is then held back by {@code lead}). */
    public SmscSimulator earlyReceipts(double share, Duration lead) {
        this.earlyReceiptShare = share;
        this.earlyReceiptLead = lead;
        return this;
    }

    /** Delay of the other (late) receipts after the submit_sm_resp. */
    public SmscSimulator receiptDelay(Duration delay) {
        this.receiptDelay = delay;
        return this;
    }

    public SmscSimulator redelivery(Duration delay, int maxAttempts) {
        this.redeliveryDelay = delay;
        this.maxDeliveryAttempts = maxAttempts;
        return this;
    }

    /** Answers submit_sm to matching destinations with {@code status} (e.g. ESME_RINVDSTADR). */
    public SmscSimulator rejectDestinations(Predicate<String> destination, int status) {
        this.rejectDestination = destination;
        this.rejectStatus = status;
        return this;
    }

    /** Answers the next {@code count} submit_sm with {@code status} (e.g. ESME_RMSGQFUL, ESME_RTHROTTLED). */
    public SmscSimulator failNextSubmits(int count, int status) {
        this.forcedFailureStatus = status;
        this.forcedFailures.set(count);
        return this;
    }

    /** Whether every submit_sm and every acknowledged receipt is kept for inspection (off for long benchmarks). */
    public SmscSimulator recordSubmits(boolean record) {
        this.recordSubmits = record;
        return this;
    }

    // ---------------------------------------------------------------- fault modes

    /**
     * Tells {@code listener} of every submit_sm the SMSC accepts (each part of a long message), on the PDU-processing
     * thread before the answer goes out: it must return at once (the sandbox's simulated customers schedule their
     * reply). One listener; a new one replaces the last.
     */
    public SmscSimulator onAccepted(Consumer<Submit> listener) {
        acceptedListener = listener == null ? s -> { } : listener;
        return this;
    }

    /** Closes every session's TCP connection without unbind. */
    public void dropConnections() {
        for (SMPPServerSession s : sessions) {
            s.close();
        }
    }

    /** Sends unbind on every session and closes it once answered. */
    public void unbindAll() {
        for (SMPPServerSession s : sessions) {
            Thread t = new Thread(s::unbindAndClose, "smsc-sim-unbind");
            t.setDaemon(true);
            t.start();
        }
    }

    /**
     * While false, no PDU of a bound session is answered (submit_sm, enquire_link, unbind); see the class comment for
     * what becomes of the submit_sm read meanwhile. True also ends every single session's silence.
     */
    public void answering(boolean answer) {
        if (answer) {
            silentSessions.clear();
        }
        this.answering = answer;
    }

    /**
     * Silences one session (one of {@link #sessionIds()}) while the others answer: a broken link to one bind. The
     * silence ends with {@code true}, with {@link #answering(boolean) answering(true)}, or when the session closes.
     */
    public void answering(String sessionId, boolean answer) {
        if (answer) {
            silentSessions.remove(sessionId);
        } else {
            silentSessions.add(sessionId);
        }
    }

    /**
     * Share (0 to 1) of the submit_sm read while silent that the SMSC accepted; the rest are lost (status
     * {@link #LOST}). Default 1: every one accepted.
     */
    public SmscSimulator silentSubmits(double acceptedShare) {
        this.silentAcceptedShare = acceptedShare;
        return this;
    }

    /**
     * Holds the submit_sm that match, by destination and part number (1 for a message without a concatenation
     * header; the sequence number of its UDH otherwise): each is read, then neither accepted nor answered while the
     * hold lasts — the ESME waits for its answer. If its session closes meanwhile (the ESME died) it is lost (status
     * {@link #LOST}: never accepted, never delivered); once no hold matches it, it is handled as usual. Puts an ESME
     * provably between the parts of a long message, whatever the speed. {@code (d, p) -> false} ends the hold.
     */
    public SmscSimulator holdSubmits(BiPredicate<String, Integer> destinationAndPart) {
        this.hold = destinationAndPart;
        return this;
    }

    /** Submit_sm being held now by {@link #holdSubmits}. */
    public int heldSubmits() {
        return held.get();
    }

    // ---------------------------------------------------------------- inspection

    public List<Submit> submits() {
        return new ArrayList<>(submits);
    }

    public List<Delivery> deliveries() {
        return new ArrayList<>(deliveries);
    }

    public long acceptedSubmits() {
        return acceptedCount.get();
    }

    public long throttledSubmits() {
        return throttledCount.get();
    }

    /** submit_sm read while silent and lost (see {@link #silentSubmits(double)}). */
    public long lostSubmits() {
        return lostCount.get();
    }

    /** The session ids of the bound sessions, as in {@link Submit#sessionId()}. */
    public List<String> sessionIds() {
        List<String> ids = new ArrayList<>();
        for (SMPPServerSession s : sessions) {
            if (s.getSessionState().isBound()) {
                ids.add(s.getSessionId());
            }
        }
        return ids;
    }

    public long receiptsAcknowledged() {
        return receiptsAcknowledged.get();
    }

    /** Receipts planned and not yet acknowledged or given up (tests wait for 0 before the next case). */
    public int receiptsPending() {
        return receiptsPending.get();
    }

    public int boundSessions() {
        int n = 0;
        for (SMPPServerSession s : sessions) {
            if (s.getSessionState().isBound()) {
                n++;
            }
        }
        return n;
    }

    public int bindsAccepted() {
        return bindsAccepted.get();
    }

    public List<String> rejectedBinds() {
        return List.copyOf(rejectedBindReasons);
    }

    /** When the submit_sm_resp carrying {@code messageId} was written, or null. */
    public Long submitRespSentNanos(String messageId) {
        return submitRespSentNanos.get(messageId);
    }

    public void clearRecords() {
        submits.clear();
        deliveries.clear();
        submitRespSentNanos.clear();
    }

    /** Largest number of submit_sm (accepted or not) received in any one-second window so far. */
    public int maxSubmitsInAnyOneSecondWindow() {
        long[] t = submits.stream().mapToLong(Submit::receivedNanos).sorted().toArray();
        int max = 0;
        int from = 0;
        for (int i = 0; i < t.length; i++) {
            while (t[i] - t[from] >= 1_000_000_000L) {
                from++;
            }
            max = Math.max(max, i - from + 1);
        }
        return max;
    }

    // ---------------------------------------------------------------- MO and raw deliver_sm

    /**
     * Sends an MO reply {@code text} from {@code from} to the service code {@code to} on a bound session and returns
     * the ESME's command status (0 = accepted), or -1 when no session is bound or no answer came.
     */
    public int injectMo(String from, String to, String text) {
        boolean gsm = text.chars().allMatch(c -> c < 0x80);
        byte[] body = text.getBytes(gsm ? java.nio.charset.StandardCharsets.ISO_8859_1
                : java.nio.charset.StandardCharsets.UTF_16BE);
        return injectDeliverSm(from, to, (byte) 0x00, gsm ? (byte) 0 : (byte) 8, body);
    }

    /** Sends a receipt text as it is (tests of malformed receipts); returns the ESME's command status. */
    public int injectReceipt(String from, String to, byte dataCoding, String receiptText) {
        return injectDeliverSm(from, to, (byte) 0x04, dataCoding,
                receiptText.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    /** Sends one deliver_sm synchronously on the first bound session; returns the command status, -1 if none. */
    public int injectDeliverSm(String from, String to, byte esmClass, byte dataCoding, byte[] body) {
        for (SMPPServerSession s : sessions) {
            if (s.getSessionState().isBound()) {
                return deliver(s, from, to, esmClass, dataCoding, body);
            }
        }
        return -1;
    }

    private int deliver(SMPPServerSession s, String from, String to, byte esmClass, byte dataCoding, byte[] body) {
        try {
            s.deliverShortMessage("", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, from,
                    TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, to, new ESMClass(esmClass), (byte) 0,
                    (byte) 0, new RegisteredDelivery(0), DataCodings.newInstance(dataCoding), body);
            return 0;
        } catch (NegativeResponseException e) {
            return e.getCommandStatus();
        } catch (Exception e) {
            log.debug("deliver_sm failed on {}: {}", s.getSessionId(), e.toString());
            return -1;
        }
    }

    // ---------------------------------------------------------------- internals

    private void acceptLoop() {
        while (running) {
            try {
                Connection conn = server.accept();
                conn.setSoTimeout(5000);
                ArrivalStampingReader reader = new ArrivalStampingReader();
                SMPPServerSession session = new SMPPServerSession(conn, this::onStateChange, receiver, respListener,
                        pduProcessorDegree, 1000, new SynchronizedPDUSender(new DefaultPDUSender()), reader);
                readers.put(session, reader);
                Thread binder = new Thread(() -> bind(session), "smsc-sim-bind");
                binder.setDaemon(true);
                binder.start();
            } catch (IOException e) {
                if (running) {
                    log.debug("SMSC simulator accept failed", e);
                }
            }
        }
    }

    private void bind(SMPPServerSession session) {
        try {
            BindRequest request = session.waitForBind(5000);
            if (!systemId.equals(request.getSystemId())) {
                rejectedBindReasons.add("unknown system_id " + request.getSystemId());
                bindsRejected.incrementAndGet();
                request.reject(SMPPConstant.STAT_ESME_RINVSYSID);
                return;
            }
            if (!password.equals(request.getPassword())) {
                rejectedBindReasons.add("wrong password for " + request.getSystemId());
                bindsRejected.incrementAndGet();
                request.reject(SMPPConstant.STAT_ESME_RINVPASWD);
                return;
            }
            if (request.getBindType() != BindType.BIND_TRX && request.getBindType() != BindType.BIND_TX
                    && request.getBindType() != BindType.BIND_RX) {
                request.reject(SMPPConstant.STAT_ESME_RBINDFAIL);
                return;
            }
            sessions.add(session);
            request.accept("smsc-sim");
            bindsAccepted.incrementAndGet();
        } catch (TimeoutException | IOException | PDUStringException | IllegalStateException e) {
            log.debug("bind on SMSC simulator failed", e);
            session.close();
        }
    }

    private void onStateChange(SessionState newState, SessionState oldState, Session source) {
        if (!newState.isNotClosed()) {
            sessions.remove(source);
            readers.remove(source);
        }
    }

    /** When the submit_sm with this sequence number was read off the session's socket (the SMSC's arrival time). */
    private long arrivalNanos(SMPPServerSession session, int sequenceNumber) {
        ArrivalStampingReader reader = readers.get(session);
        Long at = reader == null ? null : reader.arrivals.remove(sequenceNumber);
        return at == null ? System.nanoTime() : at;
    }

    /** Reads PDUs as jSMPP does and notes when each submit_sm's header came off the socket. */
    private static final class ArrivalStampingReader extends DefaultPDUReader {
        final Map<Integer, Long> arrivals = new ConcurrentHashMap<>();

        @Override
        public Command readPDUHeader(java.io.DataInputStream in) throws InvalidCommandLengthException, IOException {
            Command header = super.readPDUHeader(in);
            if (header.getCommandId() == SMPPConstant.CID_SUBMIT_SM) {
                arrivals.put(header.getSequenceNumber(), System.nanoTime());
            }
            return header;
        }
    }

    private boolean silent(Session session) {
        return !answering || silentSessions.contains(session.getSessionId());
    }

    /** Blocks a PDU-processing thread while the simulator is told not to answer (and the session is open). */
    private void holdWhileSilent(Session session) {
        while (silent(session) && running && session.getSessionState().isNotClosed()) {
            if (!pause()) {
                return;
            }
        }
    }

    /**
     * Holds a submit_sm accepted while silent until the SMSC answers again: while the whole SMSC is silent even when
     * its session has closed, so that its answer and receipt come only once the SMSC speaks again.
     */
    private void holdAcceptedWhileSilent(Session session) {
        while (running && (!answering
                || silentSessions.contains(session.getSessionId()) && session.getSessionState().isNotClosed())) {
            if (!pause()) {
                return;
            }
        }
    }

    /** Holds a lost submit_sm unanswered until its session closes (the ESME gives the session up) or we stop. */
    private void holdLostUntilClosed(Session session) {
        while (running && session.getSessionState().isNotClosed()) {
            if (!pause()) {
                return;
            }
        }
    }

    /**
     * Blocks while {@link #holdSubmits} matches the submit_sm and its session is open; false when the session closed
     * (or the simulator stopped) while it was held.
     */
    private boolean holdWhileMatched(SubmitSm submit, Session session) {
        int part = partNumber(submit);
        if (!hold.test(submit.getDestAddress(), part)) {
            return true;
        }
        held.incrementAndGet();
        try {
            while (hold.test(submit.getDestAddress(), part)) {
                if (!running || !session.getSessionState().isNotClosed() || !pause()) {
                    return false;
                }
            }
            return true;
        } finally {
            held.decrementAndGet();
        }
    }

    /** The part's sequence number from its concatenation UDH (IEI 00 or 08); 1 for a message without one. */
    private static int partNumber(SubmitSm submit) {
        byte[] b = submit.getShortMessage();
        if ((submit.getEsmClass() & 0x40) == 0 || b == null || b.length < 6) {
            return 1;
        }
        int iei = b[1] & 0xFF;
        return iei == 0x08 && b.length >= 7 ? b[6] & 0xFF : iei == 0x00 ? b[5] & 0xFF : 1;
    }

    private static boolean pause() {
        try {
            Thread.sleep(5);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private boolean admitByRate(long now) {
        int rate = licensedRate;
        if (rate <= 0) {
            return true;
        }
        synchronized (acceptedWindow) {
            int cap = Math.min(rate, acceptedWindow.length);
            while (windowSize > 0 && now - acceptedWindow[(windowHead - windowSize + acceptedWindow.length)
                    % acceptedWindow.length] >= 1_000_000_000L) {
                windowSize--;
            }
            if (windowSize >= cap) {
                return false;
            }
            acceptedWindow[windowHead] = now;
            windowHead = (windowHead + 1) % acceptedWindow.length;
            windowSize++;
            return true;
        }
    }

    private String formatId(long id, IdFormat format) {
        return format == IdFormat.HEX ? Long.toHexString(id).toUpperCase() : Long.toString(id);
    }

    private String pickStat() {
        double r = ThreadLocalRandom.current().nextDouble();
        if (r < delivrdShare) {
            return "DELIVRD";
        }
        return r < delivrdShare + undelivShare ? "UNDELIV" : "EXPIRED";
    }

    private void sendReceipt(SMPPServerSession preferred, SubmitSm submit, long id, String stat, int attempt,
                             boolean early) {
        sendReceipt(preferred, submit, id, stat, attempt, early, LocalDateTime.now(PEER_ZONE).format(RECEIPT_DATE));
    }

    /** {@code now}: the done date, when the message reached the handset; a redelivered receipt keeps it. */
    private void sendReceipt(SMPPServerSession preferred, SubmitSm submit, long id, String stat, int attempt,
                             boolean early, String now) {
        if (!running) {
            receiptsPending.decrementAndGet();
            return;
        }
        String idText = formatId(id, receiptIdFormat);
        String text = "id:" + idText + " sub:001 dlvrd:" + ("DELIVRD".equals(stat) ? "001" : "000")
                + " submit date:" + now + " done date:" + now + " stat:" + stat + " err:"
                + ("DELIVRD".equals(stat) ? "000" : "001") + " text:";
        SMPPServerSession target = preferred.getSessionState().isBound() ? preferred : anyBound();
        Long respAt = submitRespSentNanos.get(formatId(id, messageIdFormat));
        boolean before = early && respAt == null;
        int status = target == null ? -1
                : deliver(target, submit.getDestAddress(), submit.getSourceAddr(), (byte) 0x04, (byte) 0,
                        text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        if (recordSubmits || status != 0) {
            deliveries.add(new Delivery("receipt", idText, stat, attempt, status, before));
        }
        if (status == 0) {
            receiptsAcknowledged.incrementAndGet();
            receiptsPending.decrementAndGet();
        } else if (attempt < maxDeliveryAttempts && running) {
            scheduler.schedule(() -> receiptSender.execute(() -> sendReceipt(preferred, submit, id, stat,
                    attempt + 1, false, now)), redeliveryDelay.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            receiptsPending.decrementAndGet();
        }
    }

    private SMPPServerSession anyBound() {
        for (SMPPServerSession s : sessions) {
            if (s.getSessionState().isBound()) {
                return s;
            }
        }
        return null;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private final class Receiver implements ServerMessageReceiverListener {

        @Override
        public SubmitSmResult onAcceptSubmitSm(SubmitSm submit, SMPPServerSession session)
                throws ProcessRequestException {
            long nanos = arrivalNanos(session, submit.getSequenceNumber());
            long millis = System.currentTimeMillis();
            boolean lostWhileHeld = !holdWhileMatched(submit, session);
            boolean silent = silent(session);
            int status = 0;
            int forced = forcedFailures.get();
            if (lostWhileHeld) {
                status = LOST;
            } else if (forced > 0 && forcedFailures.compareAndSet(forced, forced - 1)) {
                status = forcedFailureStatus;
            } else if (rejectDestination.test(submit.getDestAddress())) {
                status = rejectStatus;
            } else if (!admitByRate(nanos)) {
                status = SMPPConstant.STAT_ESME_RTHROTTLED;
            } else if (silent && ThreadLocalRandom.current().nextDouble() >= silentAcceptedShare) {
                status = LOST;
            }
            long id = status == 0 ? nextMessageId.incrementAndGet() : 0;
            String idText = status == 0 ? formatId(id, messageIdFormat) : null;
            Submit received = new Submit(nanos, millis, session.getSessionId(), submit.getSourceAddr(),
                    submit.getDestAddress(), submit.getEsmClass(), submit.getDataCoding(),
                    submit.getRegisteredDelivery(), submit.getShortMessage(), idText, status);
            if (recordSubmits) {
                submits.add(received);
            }
            if (status == LOST) {
                lostCount.incrementAndGet();
                holdLostUntilClosed(session);
                throw new ProcessRequestException("lost while silent (the session is closed; nothing is written)",
                        SMPPConstant.STAT_ESME_RSYSERR);
            }
            if (silent) {
                holdAcceptedWhileSilent(session);
            }
            if (status != 0) {
                if (status == SMPPConstant.STAT_ESME_RTHROTTLED) {
                    throttledCount.incrementAndGet();
                }
                throw new ProcessRequestException("simulated status 0x" + Integer.toHexString(status), status);
            }
            acceptedCount.incrementAndGet();
            try {
                acceptedListener.accept(received);
            } catch (RuntimeException e) {
                // the listener's trouble (a simulated customer) must not fail the SMSC's answer
                log.debug("listener of accepted submit_sm failed: {}", e.toString());
            }
            long latency = responseLatency.toMillis();
            if (receiptsEnabled && (submit.getRegisteredDelivery() & 0x03) != 0) {
                String stat = pickStat();
                receiptsPending.incrementAndGet();
                boolean early = ThreadLocalRandom.current().nextDouble() < earlyReceiptShare;
                if (early) {
                    receiptSender.execute(() -> sendReceipt(session, submit, id, stat, 1, true));
                    latency = Math.max(latency, earlyReceiptLead.toMillis());
                } else if (receiptDelay.isZero()) {
                    afterResp.put(idText, () -> sendReceipt(session, submit, id, stat, 1, false));
                } else {
                    scheduler.schedule(() -> receiptSender.execute(() -> sendReceipt(session, submit, id, stat, 1,
                            false)), receiptDelay.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
            if (latency > 0) {
                try {
                    Thread.sleep(latency);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            try {
                return new SubmitSmResult(new MessageId(idText), null);
            } catch (PDUStringException e) {
                throw new ProcessRequestException("bad message id " + idText, SMPPConstant.STAT_ESME_RSYSERR, e);
            }
        }

        @Override
        public void onAcceptEnquireLink(EnquireLink enquireLink, Session source) {
            holdWhileSilent(source);
        }

        @Override
        public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
            throw new ProcessRequestException("data_sm not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public SubmitMultiResult onAcceptSubmitMulti(SubmitMulti submitMulti, SMPPServerSession source)
                throws ProcessRequestException {
            throw new ProcessRequestException("submit_multi not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public QuerySmResult onAcceptQuerySm(QuerySm querySm, SMPPServerSession source)
                throws ProcessRequestException {
            throw new ProcessRequestException("query_sm not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public void onAcceptReplaceSm(ReplaceSm replaceSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("replace_sm not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public void onAcceptCancelSm(CancelSm cancelSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("cancel_sm not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public BroadcastSmResult onAcceptBroadcastSm(BroadcastSm broadcastSm, SMPPServerSession source)
                throws ProcessRequestException {
            throw new ProcessRequestException("broadcast_sm not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public void onAcceptCancelBroadcastSm(CancelBroadcastSm cancelBroadcastSm, SMPPServerSession source)
                throws ProcessRequestException {
            throw new ProcessRequestException("cancel_broadcast_sm not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public QueryBroadcastSmResult onAcceptQueryBroadcastSm(QueryBroadcastSm queryBroadcastSm,
                                                               SMPPServerSession source)
                throws ProcessRequestException {
            throw new ProcessRequestException("query_broadcast_sm not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }
    }

    private final class RespListener implements ServerResponseDeliveryListener {

        @Override
        public void onSubmitSmRespSent(SubmitSmResult result, SMPPServerSession source) {
            if (result != null && result.getMessageId() != null) {
                if (recordSubmits) {
                    submitRespSentNanos.put(result.getMessageId(), System.nanoTime());
                }
                Runnable receipt = afterResp.remove(result.getMessageId());
                if (receipt != null && running) {
                    receiptSender.execute(receipt);
                }
            }
        }

        @Override
        public void onSubmitSmRespError(SubmitSmResult result, Exception e, SMPPServerSession source) {
            log.debug("submit_sm_resp not sent on {}: {}", source.getSessionId(), e.toString());
            // The message was accepted all the same: a real SMSC delivers it and sends its receipt on whichever bind
            // is up (the ESME that lost the answer learns of the message from the receipt alone).
            if (result != null && result.getMessageId() != null) {
                Runnable receipt = afterResp.remove(result.getMessageId());
                if (receipt != null && running) {
                    receiptSender.execute(receipt);
                }
            }
        }

        @Override
        public void onSubmitMultiRespSent(SubmitMultiResult result, SMPPServerSession source) {
        }

        @Override
        public void onSubmitMultiRespError(SubmitMultiResult result, Exception e, SMPPServerSession source) {
        }
    }
}
