package org.sentistream.cli.calibrate;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.sentistream.cli.bench.ChartFiles;

/**
 * Draws a sweep as a PNG, with the speed ratio against the reference on x and the metric on y. Each
 * setting gets a labelled marker, a line joins the Pareto frontier, and the reference is a black
 * marker with a dashed line at its metric.
 */
public final class FrontierPlot {

    private static final int WIDTH = 1000;
    private static final int HEIGHT = 650;
    private static final int SETTINGS = 0;
    private static final int FRONTIER = 1;
    private static final int REFERENCE = 2;

    private FrontierPlot() {
    }

    /**
     * Writes the plot to {@code file}, creating its directory.
     *
     * @param frontier per row, whether it is on the Pareto frontier
     * @param title chart title, such as the encoder and the data file
     */
    public static void write(SweepResult result, boolean[] frontier, String title, Path file) throws IOException {
        // Headless mode lets the chart render without a display, as on a build server.
        System.setProperty("java.awt.headless", "true");

        List<SweepRow> rows = result.rows();
        // Unsorted, so item i of the series is row i and the label generator can name it.
        XYSeries settings = new XYSeries("settings", false, true);
        XYSeries frontierLine = new XYSeries("Pareto frontier", true, true);
        for (int i = 0; i < rows.size(); i++) {
            settings.add(rows.get(i).speedRatio(), rows.get(i).metric());
            if (frontier[i]) {
                frontierLine.add(rows.get(i).speedRatio(), rows.get(i).metric());
            }
        }
        XYSeries reference = new XYSeries("fp32 whole model (reference)");
        reference.add(1.0, result.referenceMetric());
        XYSeriesCollection dataset = new XYSeriesCollection();
        dataset.addSeries(settings);
        dataset.addSeries(frontierLine);
        dataset.addSeries(reference);

        NumberAxis speedAxis = axis("speed ratio vs the fp32 whole model (texts/s, same round)");
        // Room on the right for the labels of the fastest settings, which start at their marker.
        speedAxis.setUpperMargin(0.12);
        XYPlot plot = new XYPlot(dataset, speedAxis, axis(result.metric().title() + " on " + result.texts() + " texts"),
                renderer(rows));
        ValueMarker referenceMetric = new ValueMarker(result.referenceMetric(), Color.GRAY, dashed());
        referenceMetric.setLabel("reference " + result.metric().title());
        referenceMetric.setLabelAnchor(RectangleAnchor.BOTTOM_RIGHT);
        referenceMetric.setLabelTextAnchor(TextAnchor.TOP_RIGHT);
        plot.addRangeMarker(referenceMetric);

        ChartFiles.writePng(plot, title, file, WIDTH, HEIGHT);
    }

    private static NumberAxis axis(String label) {
        NumberAxis axis = new NumberAxis(label);
        axis.setAutoRangeIncludesZero(false);
        return axis;
    }

    private static XYLineAndShapeRenderer renderer(List<SweepRow> rows) {
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
        renderer.setSeriesPaint(SETTINGS, new Color(0x1f77b4));
        renderer.setSeriesItemLabelGenerator(SETTINGS, (data, series, item) -> rows.get(item).setting().label());
        renderer.setSeriesItemLabelsVisible(SETTINGS, true);
        renderer.setSeriesItemLabelFont(SETTINGS, new Font(Font.SANS_SERIF, Font.PLAIN, 10));

        renderer.setSeriesPaint(FRONTIER, new Color(0xff7f0e));
        renderer.setSeriesLinesVisible(FRONTIER, true);
        renderer.setSeriesStroke(FRONTIER, new BasicStroke(2f));

        renderer.setSeriesPaint(REFERENCE, Color.BLACK);
        renderer.setSeriesShape(REFERENCE, new Rectangle2D.Double(-5, -5, 10, 10));
        return renderer;
    }

    private static BasicStroke dashed() {
        return new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);
    }
}
