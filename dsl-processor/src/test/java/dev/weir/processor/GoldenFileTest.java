package dev.weir.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class GoldenFileTest {

  @Test
  void flightDelays_generatesTheGoldenFile() throws IOException {
    Compilation c = Flows.compile("golden/FlightDelays.java", "golden/FlightRecord.java", "golden/Carrier.java",
        "golden/EnrichedFlight.java", "golden/CarrierStats.java");
    assertThat(c).succeededWithoutWarnings();
    String generated = c.generatedSourceFile("flows.golden.FlightDelaysFlow").orElseThrow()
        .getCharContent(true).toString();
    String expected = golden("golden/FlightDelaysFlow.java.txt");
    if (!generated.equals(expected)) {
      // Left for review: copy it over the golden file when the change is intended.
      Path actual = Path.of("target", "golden", "FlightDelaysFlow.java.txt");
      Files.createDirectories(actual.getParent());
      Files.writeString(actual, generated);
    }
    assertThat(generated).isEqualTo(expected);
  }

  private static String golden(String resource) throws IOException {
    try (InputStream in = GoldenFileTest.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        return "<missing golden file " + resource + ">";
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
