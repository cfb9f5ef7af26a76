package com.carrier.hub.connector.mmstore;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks one row of the MM catalog file {@code MM_APPS_<yyyyMMdd>.dat} (PEERS §4.1) and turns it into an
 * {@link MmApp}, or says why not. Stateless and thread-safe: the batch-file engine calls it per row, after it has
 * decoded the line in the feed's charset and split it on the feed's delimiter.
 *
 * <p>Rules and reason codes:
 * <ul>
 *   <li>{@value #FIELD_COUNT}: not exactly 8 fields</li>
 *   <li>{@value #MISSING_APP_ID}: {@code app_id} empty; {@value #MISSING_NAME}: {@code name} empty</li>
 *   <li>{@value #EMPTY_MODELS}: {@code models} empty or only commas and spaces (use {@code *} for every model)</li>
 *   <li>{@value #BAD_SIZE}: {@code size_kb} not an integer ≥ 0; {@value #BAD_PRICE}: {@code price_fen} likewise</li>
 *   <li>{@value #BAD_STATUS}: {@code status} not {@code 1} (on sale) or {@code 0} (withdrawn)</li>
 * </ul>
 * {@code category} and {@code min_os} may be empty. Fields are trimmed.
 */
public final class MmAppRowParser {

    public static final String FIELD_COUNT = "FIELD_COUNT";
    public static final String MISSING_APP_ID = "MISSING_APP_ID";
    public static final String MISSING_NAME = "MISSING_NAME";
    public static final String EMPTY_MODELS = "EMPTY_MODELS";
    public static final String BAD_SIZE = "BAD_SIZE_KB";
    public static final String BAD_PRICE = "BAD_PRICE_FEN";
    public static final String BAD_STATUS = "BAD_STATUS";
    /** Reported by {@link AppCatalog.Staging#add}: the same app id twice in one file. */
    public static final String DUPLICATE_APP_ID = "DUPLICATE_APP_ID";

    /** The field names in file order. */
    public static final List<String> FIELDS = List.of("app_id", "name", "category", "min_os", "models", "size_kb",
            "price_fen", "status");

    /** A row's outcome: exactly one of {@code app} and {@code rejection} is set. */
    public record Result(MmApp app, RowRejection rejection) {

        public boolean accepted() {
            return app != null;
        }

        static Result reject(String code, String message) {
            return new Result(null, new RowRejection(code, message));
        }
    }

    /** Parses an undecoded-free line: splits on {@code |} keeping empty fields, strips a trailing {@code \r}. */
    public Result parseLine(String line) {
        String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        return parse(List.of(l.split("\\|", -1)));
    }

    /** Parses the already split fields of one row. */
    public Result parse(List<String> fields) {
        if (fields.size() != FIELDS.size()) {
            return Result.reject(FIELD_COUNT, "expected " + FIELDS.size() + " fields (" + String.join("|", FIELDS)
                    + "), got " + fields.size());
        }
        String appId = fields.get(0).trim();
        if (appId.isEmpty()) {
            return Result.reject(MISSING_APP_ID, "app_id: empty");
        }
        String name = fields.get(1).trim();
        if (name.isEmpty()) {
            return Result.reject(MISSING_NAME, "name: empty for app " + appId);
        }
        List<String> models = new ArrayList<>();
        for (String m : fields.get(4).split(",")) {
            String model = m.trim();
            if (!model.isEmpty()) {
                models.add(model);
            }
        }
        if (models.isEmpty()) {
            return Result.reject(EMPTY_MODELS, "models: empty for app " + appId
                    + "; list the supported handset models separated by commas, or * for every model");
        }
        long size;
        long price;
        try {
            size = nonNegative(fields.get(5));
        } catch (NumberFormatException e) {
            return Result.reject(BAD_SIZE, "size_kb: '" + fields.get(5) + "' is not a whole number >= 0 (app " + appId + ")");
        }
        try {
            price = nonNegative(fields.get(6));
        } catch (NumberFormatException e) {
            return Result.reject(BAD_PRICE, "price_fen: '" + fields.get(6) + "' is not a whole number of fen >= 0 (app "
                    + appId + ")");
        }
        String status = fields.get(7).trim();
        if (!status.equals("1") && !status.equals("0")) {
            return Result.reject(BAD_STATUS, "status: '" + status + "' is neither 1 (on sale) nor 0 (withdrawn) (app "
                    + appId + ")");
        }
        return new Result(new MmApp(appId, name, fields.get(2).trim(), fields.get(3).trim(), models, size, price,
                status.equals("1")), null);
    }

    private static long nonNegative(String field) {
        long v = Long.parseLong(field.trim());
        if (v < 0) {
            throw new NumberFormatException("negative");
        }
        return v;
    }
}
