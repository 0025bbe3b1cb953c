package org.sentistream.cli.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Draws the results per second of each instance count next to linear scaling from one instance, as a PNG. */
public final class ScalePlot {

    private static final int WIDTH = 800;
    private static final int HEIGHT = 500;

    private ScalePlot() {
    }

    /**
     * Writes the plot to {@code file}, creating its directory.
     *
     * @param title chart title, such as the encoder and the CPU pinning
     */
    public static void write(List<ScaleBenchmark.RunResult> runs, String title, Path file) throws IOException {
        // Headless mode lets the chart render without a display, as on a build server.
        System.setProperty("java.awt.headless", "true");

        XYSeries measured = new XYSeries("measured");
        XYSeries linear = new XYSeries("linear from the smallest count");
        ScaleBenchmark.RunResult base = runs.get(0);
        double perInstance = base.resultsPerSecond() / base.instances();
        for (ScaleBenchmark.RunResult run : runs) {
            measured.add(run.instances(), run.resultsPerSecond());
            linear.add(run.instances(), perInstance * run.instances());
        }
        XYSeriesCollection dataset = new XYSeriesCollection();
        dataset.addSeries(measured);
        dataset.addSeries(linear);

        NumberAxis instancesAxis = new NumberAxis("instances");
        instancesAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        instancesAxis.setRange(0.5, runs.get(runs.size() - 1).instances() + 0.5);
        NumberAxis throughputAxis = new NumberAxis("results per second");
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        renderer.setSeriesPaint(0, new Color(0x1f77b4));
        renderer.setSeriesPaint(1, Color.GRAY);
        renderer.setSeriesStroke(1, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {6f, 4f}, 0f));
        XYPlot plot = new XYPlot(dataset, instancesAxis, throughputAxis, renderer);

        ChartFiles.writePng(plot, title, file, WIDTH, HEIGHT);
    }
}
