package com.carrier.hub.runtime.touchpoints;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import com.carrier.hub.api.InputLimits;

/**
 * Touchpoints declared in configuration, {@code hub.touchpoints.declared.<ID>.*}: what the campaign engine needs to
 * know of one (PEERS §8) and the Camel endpoint a route in routes/ serves it on. Each becomes a {@link DeclaredTouchpoint}
 * once the connector it names is in the hub; a province adds a touchpoint with these settings and a route, no code.
 */
@ConfigurationProperties("hub.touchpoints")
@Validated
public class DeclaredTouchpointsProperties {

    /** The declared touchpoints by upper-case id ({@code CALL}). */
    @Valid
    private Map<String, Declared> declared = new LinkedHashMap<>();

    public Map<String, Declared> getDeclared() {
        return declared;
    }

    public void setDeclared(Map<String, Declared> declared) {
        this.declared = declared;
    }

    /** The declaration of the touchpoint of this id (case-insensitive), or null. */
    public Declared get(String id) {
        for (Map.Entry<String, Declared> e : declared.entrySet()) {
            if (e.getKey().equalsIgnoreCase(id)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** One declared touchpoint. */
    public static class Declared {

        /** Whether the touchpoint is registered at all. */
        private boolean enabled = true;

        /** What the touchpoint does, in one sentence for the admin console. */
        private String description = "";

        /**
         * The Camel endpoint a slice of contacts is handed to ({@code direct:call-tasks}), served by a route in routes/
         * that answers every contact; an exception from it leaves the whole slice to be retried.
         */
        @NotBlank
        private String endpoint;

        /**
         * The connector (or declared peer, {@code hub.peers.<id>}) the touchpoint sends through: its health is the
         * touchpoint's, and without it in the hub the touchpoint is not registered. Empty for none.
         */
        private String connector;

        /** Whether a repeated send is harmless (an upsert); a call or a message is not. */
        private boolean idempotent = false;

        /** Whether the campaign's quiet hours hold its contacts (a call or a message interrupts the customer). */
        private boolean quietHours = true;

        /** Contacts handed over at once; with a send interval, the most one send (one file) carries. */
        @Min(1)
        private int sliceSize = 500;

        /** Contacts a day across all campaigns; empty for unlimited. {@code hub.campaigns.daily-capacity.<ID>} overrides it. */
        @Min(1)
        private Long dailyCapacity;

        /** The least time between two sends of one campaign on the touchpoint; zero for none. */
        @NotNull
        private Duration sendInterval = Duration.ZERO;

        /** The fields of a campaign's template for this touchpoint, checked field by field when a campaign names it. */
        @Valid
        private List<Field> templateFields = new ArrayList<>();

        /** The response types the touchpoint produces (PEERS §2.2 response_type, plus its own). */
        private List<String> responseTypes = new ArrayList<>();

        /** The batch file a slice becomes, for a file-based touchpoint (bean {@code touchpointFiles}); empty for none. */
        @Valid
        private FileLayout file;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getDescription() {
            return description;
        }

        public void setDescription(String description) {
            this.description = description;
        }

        public String getEndpoint() {
            return endpoint;
        }

        public void setEndpoint(String endpoint) {
            this.endpoint = endpoint;
        }

        public String getConnector() {
            return connector;
        }

        public void setConnector(String connector) {
            this.connector = connector;
        }

        public boolean isIdempotent() {
            return idempotent;
        }

        public void setIdempotent(boolean idempotent) {
            this.idempotent = idempotent;
        }

        public boolean isQuietHours() {
            return quietHours;
        }

        public void setQuietHours(boolean quietHours) {
            this.quietHours = quietHours;
        }

        public int getSliceSize() {
            return sliceSize;
        }

        public void setSliceSize(int sliceSize) {
            this.sliceSize = sliceSize;
        }

        public Long getDailyCapacity() {
            return dailyCapacity;
        }

        public void setDailyCapacity(Long dailyCapacity) {
            this.dailyCapacity = dailyCapacity;
        }

        public Duration getSendInterval() {
            return sendInterval;
        }

        public void setSendInterval(Duration sendInterval) {
            this.sendInterval = sendInterval;
        }

        public List<Field> getTemplateFields() {
            return templateFields;
        }

        public void setTemplateFields(List<Field> templateFields) {
            this.templateFields = templateFields;
        }

        public List<String> getResponseTypes() {
            return responseTypes;
        }

        public void setResponseTypes(List<String> responseTypes) {
            this.responseTypes = responseTypes;
        }

        public FileLayout getFile() {
            return file;
        }

        public void setFile(FileLayout file) {
            this.file = file;
        }
    }

    /** One text field of a declared touchpoint's campaign template. */
    public static class Field {

        /** The field's name under {@code templates.<ID>} ({@code script}). */
        @NotBlank
        private String name;

        /** What the field is for, shown when it is missing. */
        private String description = "";

        /** Whether a campaign naming the touchpoint must fill it. */
        private boolean required;

        /** The longest value in characters. */
        @Min(1)
        private int maxLength = InputLimits.TEXT;

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public String getDescription() {
            return description;
        }

        public void setDescription(String description) {
            this.description = description;
        }

        public boolean isRequired() {
            return required;
        }

        public void setRequired(boolean required) {
            this.required = required;
        }

        public int getMaxLength() {
            return maxLength;
        }

        public void setMaxLength(int maxLength) {
            this.maxLength = maxLength;
        }
    }

    /**
     * The batch file (PEERS common file rules) one slice becomes: {@code <name>_<yyyyMMdd>_<seq4>.dat} and its control
     * file, one row per contact, the columns filled from the slice. A column's value is text with placeholders in
     * braces: {@code {campaignId}}, {@code {msisdn}}, {@code {productId}}, {@code {validUntil}} (the campaign's end,
     * yyyyMMddHHmmss Asia/Shanghai), {@code {fields.<name>}} (a template field, rendered for the customer) and
     * {@code {vars.<name>}} (the customer's values: name, city, segment, attr1…).
     */
    public static class FileLayout {

        /** Placeholders a column or name may use. */
        static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_.-]+)}");

        /** The data file's name before {@code _<yyyyMMdd>_<seq4>.dat}, with placeholders ({@code CALL_{campaignId}}). */
        @NotBlank
        private String name;

        /** Character set of the data and control files; GBK by default (PEERS common rules), UTF-8 works too. */
        @NotBlank
        private String charset = "GBK";

        /** Field delimiter, one character. */
        @NotBlank
        private String delimiter = "|";

        /** Local folder the pair is written to before it is uploaded (one subfolder per touchpoint). */
        @NotBlank
        private String dir = "var/touchpoints";

        /** The columns of a row, in order. */
        @Valid
        private List<Column> columns = new ArrayList<>();

        /** Every problem of the layout, each naming its property relative to {@code file}; empty when usable. */
        public List<String> problems() {
            List<String> problems = new ArrayList<>();
            if (columns.isEmpty()) {
                problems.add("columns: at least one column");
            }
            unknown("name", name, problems);
            for (int i = 0; i < columns.size(); i++) {
                unknown("columns[" + i + "].value", columns.get(i).getValue(), problems);
            }
            return problems;
        }

        private static void unknown(String property, String text, List<String> problems) {
            if (text == null) {
                return;
            }
            Matcher m = PLACEHOLDER.matcher(text);
            while (m.find()) {
                String p = m.group(1);
                if (!List.of("campaignId", "msisdn", "productId", "validUntil").contains(p)
                        && !p.matches("(fields|vars)\\.[A-Za-z0-9_-]+")) {
                    problems.add(property + ": unknown placeholder {" + p + "} (campaignId, msisdn, productId, validUntil,"
                            + " fields.<name>, vars.<name>)");
                }
            }
        }

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public String getCharset() {
            return charset;
        }

        public void setCharset(String charset) {
            this.charset = charset;
        }

        public String getDelimiter() {
            return delimiter;
        }

        public void setDelimiter(String delimiter) {
            this.delimiter = delimiter;
        }

        public String getDir() {
            return dir;
        }

        public void setDir(String dir) {
            this.dir = dir;
        }

        public List<Column> getColumns() {
            return columns;
        }

        public void setColumns(List<Column> columns) {
            this.columns = columns;
        }
    }

    /** One column of a declared file layout. */
    public static class Column {

        /** The column's name ({@code task_id}), named when a value cannot be written. */
        @NotBlank
        private String name;

        /** Its value: text with placeholders ({@code {campaignId}:{msisdn}}). */
        @NotNull
        private String value;

        /** The value written when the placeholders leave it empty (a template field the campaign left out). */
        private String fallback = "";

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public String getValue() {
            return value;
        }

        public void setValue(String value) {
            this.value = value;
        }

        public String getFallback() {
            return fallback;
        }

        public void setFallback(String fallback) {
            this.fallback = fallback;
        }
    }
}
