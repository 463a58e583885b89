package dev.weir.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link SeenSignatures}: remembered for the window, forgotten after, bounded, released when not accepted. */
class SeenSignaturesTest {

  @Test
  void aSignatureIsAReplayUntilItsTimestampLeavesTheWindow_thenForgotten() {
    SeenSignatures seen = new SeenSignatures();
    assertThat(seen.claim("a", 1000, 1000, 300)).isEqualTo(SeenSignatures.Claim.FIRST);
    assertThat(seen.claim("a", 1000, 1200, 300)).isEqualTo(SeenSignatures.Claim.REPLAYED);
    assertThat(seen.claim("a", 1000, 1300, 300)).isEqualTo(SeenSignatures.Claim.REPLAYED);
    assertThat(seen.claim("b", 1301, 1301, 300)).isEqualTo(SeenSignatures.Claim.FIRST);
    assertThat(seen.size()).isEqualTo(1); // 'a' forgotten: its timestamp is out of the window now
  }

  @Test
  void atCapacity_aNewSignatureIsRefused_notAnOldOneForgottenEarly() {
    SeenSignatures seen = new SeenSignatures(2);
    assertThat(seen.claim("a", 10, 10, 60)).isEqualTo(SeenSignatures.Claim.FIRST);
    assertThat(seen.claim("b", 10, 10, 60)).isEqualTo(SeenSignatures.Claim.FIRST);
    assertThat(seen.claim("c", 10, 10, 60)).isEqualTo(SeenSignatures.Claim.FULL);
    assertThat(seen.claim("a", 10, 20, 60)).isEqualTo(SeenSignatures.Claim.REPLAYED);
    assertThat(seen.claim("c", 71, 71, 60)).isEqualTo(SeenSignatures.Claim.FIRST);
  }

  @Test
  void aReleasedSignatureMayBeClaimedAgain() {
    SeenSignatures seen = new SeenSignatures();
    seen.claim("a", 10, 10, 60);
    seen.release("a");
    assertThat(seen.size()).isZero();
    assertThat(seen.claim("a", 10, 11, 60)).isEqualTo(SeenSignatures.Claim.FIRST);
    assertThat(seen.claim("a", 10, 12, 60)).isEqualTo(SeenSignatures.Claim.REPLAYED);
  }
}
