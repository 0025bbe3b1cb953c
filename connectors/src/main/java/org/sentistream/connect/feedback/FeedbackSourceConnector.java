package org.sentistream.connect.feedback;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.SourceConnector;
import org.sentistream.connect.internals.PluginVersion;

/**
 * Source connector that reads customer feedback exports (CSV or JSON lines) dropped into a
 * directory and writes {@link org.sentistream.schemas.FeedbackEvent} records. A single task reads
 * the files one at a time in name order, so {@code tasks.max} above 1 has no effect. Settings are
 * in {@link FeedbackSourceConfig}.
 */
public class FeedbackSourceConnector extends SourceConnector {

    private Map<String, String> settings;

    @Override
    public void start(Map<String, String> props) {
        new FeedbackSourceConfig(props);
        this.settings = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return FeedbackSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return List.of(settings);
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return FeedbackSourceConfig.CONFIG_DEF;
    }

    /** Adds a missing {@code input.dir} to the errors that Connect reports together when it validates a config. */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config result = super.validate(connectorConfigs);
        String inputDir = connectorConfigs.get(FeedbackSourceConfig.INPUT_DIR);
        if (inputDir != null && !inputDir.isBlank() && !Files.isDirectory(Path.of(inputDir))) {
            for (ConfigValue value : result.configValues()) {
                if (value.name().equals(FeedbackSourceConfig.INPUT_DIR)) {
                    value.addErrorMessage("Input directory " + Path.of(inputDir).toAbsolutePath()
                            + " does not exist. Create it or fix " + FeedbackSourceConfig.INPUT_DIR);
                }
            }
        }
        return result;
    }

    @Override
    public String version() {
        return PluginVersion.VERSION;
    }
}
