package dev.weir.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.Sink;
import dev.weir.api.Sources;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowSettings;
import dev.weir.flow.FlowState;
import dev.weir.flow.Journals;
import dev.weir.flow.StageDefinition;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seal of a run's manifest covers the settings it was made with, as well as its journals. */
class SealedSettingsTest {

  private static final byte[] KEY = "settings-key".getBytes(StandardCharsets.UTF_8);
  private static final ElementType LONG = ElementType.of(Long.class);

  private static List<String> problems(Path runDir) throws Exception {
    return RunArchive.verify(runDir, KEY).stream().filter(c -> !c.ok()).map(c -> c.problem().orElseThrow()).toList();
  }

  private static Path sealedRun(Path tmp) throws Exception {
    FlowDefinition def = FlowDefinition.define("configured")
        .stage(StageDefinition.source("src", LONG, f -> Sources.range(100, i -> i)))
        .stage(StageDefinition.sink("out", LONG, f -> (Sink<Long>) x -> {}))
        .chain("src", "out")
        .build();
    FlowSettings settings = FlowSettings.builder().set("limit", "100").secret("token", "s3cret").build();
    try (FlowHandle h = def.builder().settings(settings).journals(Journals.disk(tmp).key(KEY)).start()) {
      assertThat(h.await().state()).isEqualTo(FlowState.COMPLETED);
      return h.journals().directory().orElseThrow();
    }
  }

  @Test
  void anEditedSettingValue_breaksTheSeal() throws Exception {
    Path runDir = sealedRun(tmpDir("value"));
    assertThat(problems(runDir)).isEmpty();
    Path manifest = runDir.resolve(Manifest.FILE);
    String text = Files.readString(manifest);
    assertThat(text).contains("\"limit\" : \"100\"").doesNotContain("s3cret");
    Files.writeString(manifest, text.replace("\"limit\" : \"100\"", "\"limit\" : \"5\""));
    assertThat(problems(runDir)).anySatisfy(p -> assertThat(p).contains("the manifest's seal does not match")
        .contains("its settings"));
  }

  @Test
  void aSecretDroppedFromTheManifest_breaksTheSeal() throws Exception {
    Path runDir = sealedRun(tmpDir("secret"));
    Path manifest = runDir.resolve(Manifest.FILE);
    String text = Files.readString(manifest);
    String edited = text.replaceAll("\"secrets\" : \\[[^\\]]*\\]", "\"secrets\" : [ ]");
    assertThat(edited).isNotEqualTo(text);
    Files.writeString(manifest, edited);
    assertThat(problems(runDir)).anySatisfy(p -> assertThat(p).contains("the manifest's seal does not match"));
  }

  @TempDir
  Path tmp;

  private Path tmpDir(String name) {
    return tmp.resolve(name);
  }
}
