package dev.jita.approvals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/** Every log line jita writes while open, message and stack trace alike, to search for what must never be logged. */
public final class LogCapture implements AutoCloseable {

    private final List<String> lines = new ArrayList<>();
    private final AbstractAppender appender;
    private final LoggerConfig logger;
    private final Level previous;

    public LogCapture() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        appender = new AbstractAppender("capture-" + UUID.randomUUID(), null, null, true, new Property[0]) {
            @Override
            public void append(LogEvent event) {
                StringBuilder line = new StringBuilder(event.getLevel() + " " + event.getLoggerName() + " "
                        + event.getMessage().getFormattedMessage());
                if (event.getThrown() != null) {
                    StringWriter trace = new StringWriter();
                    event.getThrown().printStackTrace(new PrintWriter(trace));
                    line.append('\n').append(trace);
                }
                synchronized (lines) {
                    lines.add(line.toString());
                }
            }
        };
        appender.start();
        logger = context.getConfiguration().getLoggerConfig("dev.jita");
        previous = logger.getLevel();
        // Everything, debug included: a secret must not hide at any level.
        logger.setLevel(Level.ALL);
        logger.addAppender(appender, Level.ALL, null);
        context.updateLoggers();
    }

    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    public String all() {
        return String.join("\n", lines());
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        logger.removeAppender(appender.getName());
        logger.setLevel(previous);
        context.updateLoggers();
        appender.stop();
    }
}
