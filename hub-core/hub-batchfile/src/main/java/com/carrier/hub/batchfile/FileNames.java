package com.carrier.hub.batchfile;

/** Checks on names received from a peer, which are never trusted to build a path. */
public final class FileNames {

    private FileNames() {
    }

    /**
     * Why a received file name is unsafe, or null when it is a plain name: no directory part, no {@code ..}, no
     * control characters, no drive or home prefixes, at most 255 characters.
     */
    public static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "file name is empty";
        }
        if (name.length() > 255) {
            return "file name is longer than 255 characters";
        }
        if (name.equals(".") || name.contains("..")) {
            return "file name contains '..'";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\') {
                return "file name contains a path separator";
            }
            if (c < 0x20 || c == 0x7f) {
                return "file name contains a control character";
            }
            if (c == ':' || c == '~' && i == 0) {
                return "file name contains a drive or home prefix";
            }
        }
        return null;
    }

    /** A name safe to show in logs and reason files: unsafe characters replaced by '_'. */
    public static String printable(String name) {
        if (name == null) {
            return "<none>";
        }
        StringBuilder out = new StringBuilder(Math.min(name.length(), 255));
        for (int i = 0; i < name.length() && i < 255; i++) {
            char c = name.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? '_' : c);
        }
        return out.toString();
    }
}
