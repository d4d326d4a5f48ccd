package dev.leash.micrometer;

/** Reads samples out of Prometheus text exposition. */
final class Scrapes {
  private Scrapes() {}

  /** The value of the sample {@code series} (name and labels, as printed), or NaN if the scrape has none. */
  static double value(String scrape, String series) {
    for (String line : scrape.split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1).trim());
      }
    }
    return Double.NaN;
  }

  /** Whether any sample line of the scrape contains {@code fragment}. */
  static boolean hasSample(String scrape, String fragment) {
    for (String line : scrape.split("\n")) {
      if (!line.startsWith("#") && line.contains(fragment)) {
        return true;
      }
    }
    return false;
  }
}
