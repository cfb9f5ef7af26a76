package com.carrier.hub.connector.mmstore;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One app of the MM catalog (PEERS §4.1): {@code app_id|name|category|min_os|models|size_kb|price_fen|status}.
 *
 * @param appId     the MM app id
 * @param name      the app's display name
 * @param category  MM's category, may be empty
 * @param minOs     lowest OS version, free text, may be empty
 * @param models    supported handset models as MM listed them; {@code ["*"]} means every model
 * @param sizeKb    download size in KiB
 * @param priceFen  price in fen (0 = free)
 * @param onSale    status {@code 1}; an app with status {@code 0} is withdrawn and never recommended
 */
public record MmApp(String appId, String name, String category, String minOs, List<String> models, long sizeKb,
                    long priceFen, boolean onSale) {

    /** The {@code models} value meaning every handset model. */
    public static final String ALL_MODELS = "*";

    public MmApp {
        models = List.copyOf(models);
    }

    /** True when the app lists {@code *}. */
    public boolean allModels() {
        return models.contains(ALL_MODELS);
    }

    /** True when the app runs on this handset model, names compared ignoring case and spaces. */
    public boolean supports(String handsetModel) {
        if (allModels()) {
            return true;
        }
        String wanted = normalise(handsetModel);
        return !wanted.isEmpty() && normalisedModels().contains(wanted);
    }

    /** The models as compared: lower case, without white space. */
    public Set<String> normalisedModels() {
        return models.stream().map(MmApp::normalise).collect(Collectors.toSet());
    }

    /** A model name as compared: {@code "HUAWEI Mate 60"} and {@code "huawei mate60"} are the same handset. */
    public static String normalise(String model) {
        if (model == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(model.length());
        for (int i = 0; i < model.length(); i++) {
            char c = model.charAt(i);
            if (!Character.isWhitespace(c) && !Character.isSpaceChar(c)) {
                out.append(c);
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }
}
