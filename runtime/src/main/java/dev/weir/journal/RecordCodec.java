package dev.weir.journal;

import dev.weir.api.ErrorKind;
import dev.weir.flow.Codec;
import dev.weir.event.Consumed;
import dev.weir.flow.DeadLetter;
import dev.weir.flow.EndOfStream;
import dev.weir.event.JsonCodec;
import dev.weir.event.RawInput;
import dev.weir.flow.RecordKind;
import dev.weir.event.SystemEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Encodes the payload of each kind of record of one journal: data with the stage's output codec,
 * a dead letter's input with the codec of the stage it came from, ends of stream and system events
 * in fixed forms.
 */
final class RecordCodec {


  /** A dead letter's input encoded with the codec of the stage it came from. */
  private static final byte INPUT_TYPED = 0;
  /** A dead letter's input that never became an item: raw text. */
  private static final byte INPUT_RAW = 1;
  /**
   * Added to the form byte of a dead letter tried more than once: its attempt count (an int) follows
   * the form byte. A dead letter tried once keeps the bytes it always had.
   */
  private static final byte WITH_ATTEMPTS = 2;

  private final int self;
  private final int stages;
  private final IntFunction<Codec<Object>> outputs;
  private final Codec<Object>[] made; // created on first use: most journals only need one or two
  private final Codec<Object> system = JsonCodec.of(SystemEvent.class); // its own: it reuses a generator

  /**
   * @param self the index of the journal's stage, or -1 for the system journal
   * @param stages how many stages the run has
   * @param outputs makes a fresh output codec of a stage, by stage index (null for a sink)
   */
  @SuppressWarnings("unchecked")
  RecordCodec(int self, int stages, IntFunction<Codec<Object>> outputs) {
    this.self = self;
    this.stages = stages;
    this.outputs = outputs;
    this.made = new Codec[stages];
  }

  /** As the other constructor, with every stage's codec given (instances shared with whoever else holds them). */
  RecordCodec(int self, List<Codec<Object>> outputs) {
    this(self, outputs.size(), outputs::get);
  }

  void encode(RecordKind kind, int parentStage, Object payload, ByteSink out) throws IOException {
    switch (kind) {
      case DATA -> codec(self, "data").encode(payload, out);
      case ERROR -> {
        DeadLetter d = (DeadLetter) payload;
        out.write(d.kind().ordinal());
        writeString(d.exception(), out);
        writeString(d.message(), out);
        int attempts = d.attempts() > 1 ? WITH_ATTEMPTS : 0;
        if (d.input() instanceof RawInput raw) {
          writeForm(INPUT_RAW + attempts, d.attempts(), out);
          writeString(raw.text(), out);
        } else {
          writeForm(INPUT_TYPED + attempts, d.attempts(), out);
          codec(parentStage, "dead letter input").encode(d.input(), out);
        }
      }
      case END_OF_STREAM -> {
        EndOfStream e = (EndOfStream) payload;
        int at = out.reserve(16);
        out.putLong(at, e.lastSeq());
        out.putLong(at + 8, e.checksum());
      }
      case RECEIPT -> { }
      case SYSTEM -> system.encode(payload, out);
      case CONSUMED -> {
        Consumed c = (Consumed) payload;
        int at = out.reserve(8);
        out.putInt(at, c.input());
        out.putInt(at + 4, c.count());
      }
    }
  }

  Object decode(RecordKind kind, int parentStage, byte[] buf, int off, int len) throws IOException {
    return switch (kind) {
      case DATA -> codec(self, "data").decode(buf, off, len);
      case ERROR -> {
        ByteBuffer b = ByteBuffer.wrap(buf, off, len);
        ErrorKind errorKind = ErrorKind.values()[b.get()];
        String exception = readString(b);
        String message = readString(b);
        byte form = b.get();
        int attempts = 1;
        if (form >= WITH_ATTEMPTS) {
          form -= WITH_ATTEMPTS;
          attempts = b.getInt();
        }
        Object input;
        if (form == INPUT_RAW) {
          input = new RawInput(readString(b));
        } else {
          int at = b.position();
          input = codec(parentStage, "dead letter input").decode(buf, at, off + len - at);
        }
        yield new DeadLetter(errorKind, exception, message, input, attempts);
      }
      case END_OF_STREAM -> {
        ByteBuffer b = ByteBuffer.wrap(buf, off, len);
        yield new EndOfStream(b.getLong(), b.getLong());
      }
      case RECEIPT -> null;
      case SYSTEM -> system.decode(buf, off, len);
      case CONSUMED -> {
        ByteBuffer b = ByteBuffer.wrap(buf, off, len);
        yield new Consumed(b.getInt(), b.getInt());
      }
    };
  }

  private Codec<Object> codec(int stage, String what) throws IOException {
    Codec<Object> c = null;
    if (stage >= 0 && stage < stages) {
      c = made[stage];
      if (c == null) {
        c = outputs.apply(stage);
        made[stage] = c;
      }
    }
    if (c == null) {
      throw new IOException("no codec for the " + what + " of stage index " + stage);
    }
    return c;
  }

  private static void writeForm(int form, int attempts, ByteSink out) {
    out.write(form);
    if (form >= WITH_ATTEMPTS) {
      int at = out.reserve(4);
      out.putInt(at, attempts);
    }
  }

  private static void writeString(String s, ByteSink out) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    int at = out.reserve(4);
    out.putInt(at, b.length);
    out.write(b, 0, b.length);
  }

  private static String readString(ByteBuffer b) {
    int n = b.getInt();
    String s = new String(b.array(), b.arrayOffset() + b.position(), n, StandardCharsets.UTF_8);
    b.position(b.position() + n);
    return s;
  }
}
