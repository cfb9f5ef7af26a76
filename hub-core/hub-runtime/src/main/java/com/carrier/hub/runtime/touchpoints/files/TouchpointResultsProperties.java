package com.carrier.hub.runtime.touchpoints.files;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;

import com.carrier.hub.api.ResponseEvent;
import com.carrier.hub.batchfile.FeedDefinition;
import com.carrier.hub.batchfile.FieldRule;
import com.carrier.hub.batchfile.FieldType;

/**
 * Result files of touchpoints that answer in batch files over SFTP, declared in configuration by touchpoint id
 * ({@code hub.touchpoints.results.<ID>.*}): whose server they come from, their layout (a batch-file feed), which field
 * holds the task key ({@code campaignId:msisdn}), the customer, the result code and its time, and what each result
 * code means as a response event. The shipped declaration of the call centre's results (PEERS §9.2) is
 * {@code hub.touchpoints.results.CALL} in config/application.yaml; another file-based touchpoint is another entry, with
 * no code. Results of a touchpoint whose peer is not configured ({@code hub.peers.<peer>.host}) are not read.
 */
@ConfigurationProperties("hub.touchpoints")
public class TouchpointResultsProperties {

    /** The result feeds by touchpoint id (upper-case, as campaigns name the touchpoint). */
    private Map<String, ResultFeed> results = new LinkedHashMap<>();

    public Map<String, ResultFeed> getResults() {
        return results;
    }

    public void setResults(Map<String, ResultFeed> results) {
        this.results = results;
    }

    /** One touchpoint's result files. */
    public static class ResultFeed {

        /** Id of the SFTP peer (under {@code hub.peers}) whose server holds the result files. */
        private String peer;

        /** The {@code source} of the response events stored from these files (with the event id, their identity); the peer's id when empty. */
        private String source;

        /**
         * The files' layout and rules as a batch-file feed: name, name pattern, charset (GBK), delimiter, fields, reject
         * threshold (1%), control-file grace (30 min). A code field without {@code values} accepts exactly the codes of
         * {@link #types}; any other code is rejected {@code BAD_<FIELD>} (its {@code reject-code} when set).
         */
        private FeedDefinition feed = new FeedDefinition();

        /**
         * The field holding the task key the hub issued, {@code campaignId:msisdn}; a row whose key is no contact of
         * the campaign made through this touchpoint is rejected {@code UNKNOWN_TASK} (a control-group customer was
         * never issued one).
         */
        private String keyField = "task_id";

        /**
         * The field holding the customer's MSISDN; it must be the task's ({@code MSISDN_MISMATCH} otherwise). Empty for a
         * layout that names the customer only in the task key.
         */
        private String msisdnField = "msisdn";

        /** The field holding the result code. */
        private String codeField = "result";

        /** The field holding when the result happened ({@code TIMESTAMP}, Asia/Shanghai). */
        private String timeField;

        /** Fields appended to the event's detail after the code, as {@code name=value} (empty values left out). */
        private List<String> detailFields = new ArrayList<>();

        /**
         * What each result code means, by response type: a code listed under {@code UNSUBSCRIBED} opts the customer out
         * of this touchpoint at once; under {@code ACCEPTED} it places a BOSS order for an {@code autoOrder} campaign;
         * under a non-response type ({@code DELIVERED}, {@code UNDELIVERED}) it is recorded without counting as a
         * response. Every code appears once.
         */
        private Map<ResponseEvent.Type, List<String>> types = new LinkedHashMap<>();

        /** The code → response type map, each code once. */
        public Map<String, ResponseEvent.Type> codes() {
            Map<String, ResponseEvent.Type> codes = new LinkedHashMap<>();
            types.forEach((type, list) -> list.forEach(code -> codes.put(code, type)));
            return codes;
        }

        /**
         * Every problem of the declaration of this touchpoint, each naming its property
         * ({@code hub.touchpoints.results.CALL.key-field ...}); empty when it is usable. An unnamed feed is named after
         * the touchpoint ({@code call-result}).
         */
        public List<String> problems(String touchpoint) {
            String where = "hub.touchpoints.results." + touchpoint;
            List<String> problems = new ArrayList<>();
            if (peer == null || peer.isBlank()) {
                problems.add(where + ".peer is required (an id under hub.peers)");
            }
            if (feed == null) {
                problems.add(where + ".feed is required");
                return problems;
            }
            feed.withDefaults(defaultName(touchpoint), null);
            for (String p : feed.problems()) {
                problems.add(where + ".feed: " + p);
            }
            Set<String> fields = new LinkedHashSet<>();
            if (feed.getFields() != null) {
                feed.getFields().forEach(f -> fields.add(f.getName()));
            }
            Map<String, String> named = new LinkedHashMap<>();
            named.put("key-field", keyField);
            if (msisdnField != null && !msisdnField.isBlank()) {
                named.put("msisdn-field", msisdnField);
            }
            named.put("code-field", codeField);
            named.put("time-field", timeField);
            named.forEach((property, field) -> {
                if (field == null || !fields.contains(field)) {
                    problems.add(where + "." + property + " '" + field + "' is not a field of the feed " + fields);
                }
            });
            for (int i = 0; i < detailFields.size(); i++) {
                if (!fields.contains(detailFields.get(i))) {
                    problems.add(where + ".detail-fields[" + i + "] '" + detailFields.get(i) + "' is not a field of the feed " + fields);
                }
            }
            Set<String> seen = new LinkedHashSet<>();
            types.forEach((type, list) -> list.forEach(code -> {
                if (!seen.add(code)) {
                    problems.add(where + ".types: code '" + code + "' is listed under more than one type");
                }
            }));
            if (seen.isEmpty()) {
                problems.add(where + ".types must list the result codes under their response types");
            }
            FieldRule t = rule(timeField);
            if (t != null && (t.getType() != FieldType.TIMESTAMP || !t.isRequired())) {
                problems.add(where + ".time-field '" + timeField + "' must be a required TIMESTAMP field of the feed");
            }
            FieldRule k = rule(keyField);
            if (k != null && !k.isRequired()) {
                problems.add(where + ".key-field '" + keyField + "' must be a required field of the feed");
            }
            FieldRule code = rule(codeField);
            if (code != null && code.getValues() != null) {
                for (String v : code.getValues()) {
                    if (!seen.contains(v)) {
                        problems.add(where + ".types: code '" + v + "' allowed by field " + codeField + " has no response type");
                    }
                }
            }
            return problems;
        }

        /**
         * The feed to run: named after the touchpoint when unnamed, its code field accepting exactly the declared codes
         * when it lists none.
         */
        FeedDefinition feed(String touchpoint) {
            feed.withDefaults(defaultName(touchpoint), null);
            FieldRule code = rule(codeField);
            if (code != null && (code.getValues() == null || code.getValues().isEmpty())) {
                code.setValues(new ArrayList<>(codes().keySet()));
                code.setRequired(true);
            }
            return feed;
        }

        private static String defaultName(String touchpoint) {
            return touchpoint.toLowerCase(Locale.ROOT) + "-result";
        }

        int index(String field) {
            for (int i = 0; i < feed.getFields().size(); i++) {
                if (feed.getFields().get(i).getName().equals(field)) {
                    return i;
                }
            }
            return -1;
        }

        private FieldRule rule(String field) {
            if (feed == null || feed.getFields() == null || field == null) {
                return null;
            }
            return feed.getFields().stream().filter(f -> field.equals(f.getName())).findFirst().orElse(null);
        }

        public String getPeer() {
            return peer;
        }

        public void setPeer(String peer) {
            this.peer = peer;
        }

        public String getSource() {
            return source == null || source.isBlank() ? peer : source;
        }

        public void setSource(String source) {
            this.source = source;
        }

        public FeedDefinition getFeed() {
            return feed;
        }

        public void setFeed(FeedDefinition feed) {
            this.feed = feed;
        }

        public String getKeyField() {
            return keyField;
        }

        public void setKeyField(String keyField) {
            this.keyField = keyField;
        }

        public String getMsisdnField() {
            return msisdnField;
        }

        public void setMsisdnField(String msisdnField) {
            this.msisdnField = msisdnField;
        }

        public String getCodeField() {
            return codeField;
        }

        public void setCodeField(String codeField) {
            this.codeField = codeField;
        }

        public String getTimeField() {
            return timeField;
        }

        public void setTimeField(String timeField) {
            this.timeField = timeField;
        }

        public List<String> getDetailFields() {
            return detailFields;
        }

        public void setDetailFields(List<String> detailFields) {
            this.detailFields = detailFields;
        }

        public Map<ResponseEvent.Type, List<String>> getTypes() {
            return types;
        }

        public void setTypes(Map<ResponseEvent.Type, List<String>> types) {
            this.types = types;
        }
    }
}
