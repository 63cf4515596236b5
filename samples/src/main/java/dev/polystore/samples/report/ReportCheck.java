package dev.polystore.samples.report;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;

/**
 * Checks that a report folder is complete: {@code index.html} and {@code results.json} present, the JSON parses
 * and lists backends and results, every chart the page shows exists as a PNG that {@link ImageIO} reads (with a
 * real size) and as an SVG that parses as XML. Thread-safe (stateless).
 */
public final class ReportCheck {

  private ReportCheck() {
  }

  /** The problems found; empty when the report is complete. */
  public static List<String> problems(Path folder) {
    List<String> problems = new ArrayList<>();
    Path index = folder.resolve(ReportWriter.INDEX);
    Path results = folder.resolve(ReportWriter.RESULTS);
    if (!Files.isRegularFile(index)) {
      problems.add(ReportWriter.INDEX + " is missing");
    }
    try {
      JsonObject json = JsonParser.parseString(Files.readString(results, StandardCharsets.UTF_8)).getAsJsonObject();
      if (!json.has("agreed") || json.getAsJsonArray("backends").isEmpty() || json.getAsJsonArray("results").isEmpty()) {
        problems.add(ReportWriter.RESULTS + " lacks agreed, backends or results");
      }
    } catch (IOException | JsonParseException | IllegalStateException | NullPointerException e) {
      problems.add(ReportWriter.RESULTS + " is missing or not valid JSON: " + e.getMessage());
    }
    List<Path> pngs;
    try (Stream<Path> files = Files.list(folder)) {
      pngs = files.filter(p -> p.toString().endsWith(".png")).sorted().toList();
    } catch (IOException e) {
      problems.add("cannot list " + folder + ": " + e.getMessage());
      return problems;
    }
    if (pngs.isEmpty()) {
      problems.add("no chart (*.png) was written");
    }
    for (Path png : pngs) {
      try {
        BufferedImage image = ImageIO.read(png.toFile());
        if (image == null || image.getWidth() < 100 || image.getHeight() < 100) {
          problems.add(png.getFileName() + " is not a readable image of a chart");
        }
      } catch (IOException e) {
        problems.add(png.getFileName() + " cannot be read: " + e.getMessage());
      }
      String name = png.getFileName().toString().replaceAll("\\.png$", "");
      Path svg = folder.resolve(name + ".svg");
      try {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        factory.newDocumentBuilder().parse(svg.toFile());
      } catch (Exception e) {
        problems.add(name + ".svg is missing or not valid XML: " + e.getMessage());
      }
      try {
        if (Files.isRegularFile(index) && !Files.readString(index).contains(name + ".png")) {
          problems.add(ReportWriter.INDEX + " does not show " + name + ".png");
        }
      } catch (IOException e) {
        problems.add("cannot read " + ReportWriter.INDEX + ": " + e.getMessage());
      }
    }
    return problems;
  }
}
