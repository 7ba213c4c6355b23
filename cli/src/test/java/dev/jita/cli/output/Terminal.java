package dev.jita.cli.output;

import java.util.ArrayList;
import java.util.List;

/**
 * What a terminal shows for a stream of characters: {@code \r} returns to the start of the line, {@code \n} starts a
 * new one, anything else overwrites the cell under the cursor. Trailing blanks of a line are not visible.
 */
public final class Terminal {
    private Terminal() {
    }

    public static List<String> screen(String stream) {
        List<StringBuilder> lines = new ArrayList<>();
        lines.add(new StringBuilder());
        int column = 0;
        for (char c : stream.toCharArray()) {
            StringBuilder line = lines.get(lines.size() - 1);
            switch (c) {
                case '\r' -> column = 0;
                case '\n' -> {
                    lines.add(new StringBuilder());
                    column = 0;
                }
                default -> {
                    while (line.length() < column) {
                        line.append(' ');
                    }
                    if (column < line.length()) {
                        line.setCharAt(column, c);
                    } else {
                        line.append(c);
                    }
                    column++;
                }
            }
        }
        List<String> screen = new ArrayList<>();
        lines.forEach(l -> screen.add(l.toString().stripTrailing()));
        while (!screen.isEmpty() && screen.get(screen.size() - 1).isEmpty()) {
            screen.remove(screen.size() - 1);
        }
        return screen;
    }
}
