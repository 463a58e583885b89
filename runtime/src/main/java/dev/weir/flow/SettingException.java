package dev.weir.flow;

import java.util.Objects;

/**
 * A setting a flow asked {@link FlowSettings} for is missing or cannot be read as the type asked
 * for. The message names the key, the value (unless the setting is a secret) and the form expected.
 * Thrown from a flow class's constructor, it fails the run with that message.
 */
public final class SettingException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String key;

  SettingException(String key, String message) {
    super(message);
    this.key = Objects.requireNonNull(key, "key");
  }

  /** The setting's key. */
  public String key() {
    return key;
  }
}
