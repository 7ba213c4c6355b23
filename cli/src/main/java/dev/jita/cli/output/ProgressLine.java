package dev.jita.cli.output;

import java.io.PrintWriter;
import java.util.Objects;

/**
 * One line that changes in place on a terminal: each update returns the cursor to the line's start ({@code \r}) and
 * blanks what the longer previous text left; {@link #finish} ends the line. Elsewhere (a pipe, a file, CI) every
 * change is a line of its own and an unchanged text is not repeated, so logs stay readable.
 */
public final class ProgressLine {
    private final PrintWriter out;
    private final boolean terminal;
    private String shown;
    private String shownKey;

    public ProgressLine(PrintWriter out, boolean terminal) {
        this.out = Objects.requireNonNull(out, "out");
        this.terminal = terminal;
    }

    /**
     * @param key what the line says, without what changes every second (a count-down): off a terminal a line is
     *            printed only when this changes
     */
    public void update(String text, String key) {
        String line = text.replaceAll("[\\r\\n]", " ");
        if (terminal ? line.equals(shown) : key.equals(shownKey)) {
            return;
        }
        shownKey = key;
        if (terminal) {
            int blank = shown == null ? 0 : Math.max(0, shown.length() - line.length());
            out.print("\r" + line + " ".repeat(blank));
        } else {
            out.println(line);
        }
        shown = line;
        out.flush();
    }

    /** Shows {@code text} and ends the line. */
    public void finish(String text) {
        update(text, "\u0000finish:" + text);
        if (terminal) {
            out.println();
        }
        out.flush();
        shown = null;
        shownKey = null;
    }
}
