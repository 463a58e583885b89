package dev.weir.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.OutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The samples' data comes with their classes: a sample runs from any directory, also out of the jar. */
class SampleDataTest {

  @TempDir
  Path tmp;

  @Test
  void aDataFile_isFoundOnTheClassPath() throws Exception {
    Path orders = SampleData.file("orders.csv");
    assertThat(orders).isRegularFile();
    assertThat(Files.readAllLines(orders).get(0)).startsWith("orderId,");
  }

  @Test
  void aDataFileInsideAJar_isCopiedOutOnce() throws Exception {
    Path jar = tmp.resolve("data.jar");
    try (OutputStream f = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(f)) {
      j.putNextEntry(new JarEntry(SampleData.RESOURCES + "tiny.csv"));
      j.write("a,b\n1,2\n".getBytes(StandardCharsets.UTF_8));
      j.closeEntry();
    }
    URL url = new URL("jar:" + jar.toUri() + "!/" + SampleData.RESOURCES + "tiny.csv");

    Path first = SampleData.extract("tiny.csv", url);
    Path again = SampleData.extract("tiny.csv", url);

    assertThat(first).isEqualTo(again).hasContent("a,b\n1,2");
    assertThat(first.getParent().getFileName().toString()).startsWith("weir-samples-data");
  }

  @Test
  void aMissingDataFile_saysWhereItWasLookedFor() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SampleData.file("no-such.csv"))
        .hasMessageStartingWith("sample data file 'no-such.csv' is not on the class path (dev/weir/samples/data/no-such.csv)");
  }

  @Test
  void aSample_runsFromADirectoryWithoutTheRepository() throws Exception {
    String cp = Arrays.stream(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))
        .split(File.pathSeparator)).filter(e -> !e.isBlank()).collect(Collectors.joining(File.pathSeparator));
    Path output = tmp.resolve("out");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(List.of(java.toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", cp,
        Samples.class.getName(), "orders", "--memory")).directory(tmp.toFile()).redirectErrorStream(true)
        .redirectOutput(output.toFile()).start();
    try {
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    } finally {
      p.destroyForcibly();
    }
    String out = Files.readString(output, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isEqualTo(3); // completed, with the sample's 44 invalid orders
    assertThat(out).containsPattern("orders\\s+source\\s+0\\s+2000\\s+0").contains("COMPLETED");
  }
}
