package dev.weir.replay;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weir.flow.Codec;
import dev.weir.flow.Upcaster;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Type;
import java.util.List;

/**
 * Reads archived JSON payloads written at an older event version: each is parsed to a tree, passed
 * through the chain of upcasters up to the current version, then bound to the current type.
 */
final class UpcastingCodec implements Codec<Object> {

  private final ObjectMapper mapper;
  private final com.fasterxml.jackson.databind.ObjectReader trees;
  private final JavaType type;
  private final List<Upcaster> chain;
  private final String what;

  /** {@code trees} reads the archived payloads (in the archive's payload format) as trees. */
  UpcastingCodec(ObjectMapper mapper, com.fasterxml.jackson.databind.ObjectReader trees, Type type, List<Upcaster> chain,
      String what) {
    this.mapper = mapper;
    this.trees = trees;
    this.type = mapper.getTypeFactory().constructType(type);
    this.chain = List.copyOf(chain);
    this.what = what;
  }

  @Override
  public void encode(Object value, OutputStream out) {
    throw new UnsupportedOperationException("an archive is read-only");
  }

  @Override
  public Object decode(byte[] data, int offset, int length) throws IOException {
    JsonNode node = trees.readTree(data, offset, length);
    for (Upcaster u : chain) {
      try {
        node = u.upcast(node);
      } catch (IOException | RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IOException("upcasting " + what + " failed: " + e, e);
      }
      if (node == null) {
        throw new IOException("upcasting " + what + ": an upcaster returned null");
      }
    }
    return mapper.treeToValue(node, type);
  }

  @Override
  public String toString() {
    return "upcast(" + what + ")";
  }
}
