package dev.weir.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The page at {@code /}: one self-contained HTML file (no CDN), {@code page.html} beside this class. */
final class Page {

  private Page() {}

  static byte[] html() {
    try (InputStream in = Page.class.getResourceAsStream("page.html")) {
      if (in == null) {
        throw new IllegalStateException("page.html is missing from the runtime jar (dev/weir/server/page.html)");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the page", e);
    }
  }
}
