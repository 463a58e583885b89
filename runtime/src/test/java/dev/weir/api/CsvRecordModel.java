package dev.weir.api;

/** The tests' own model of where CSV records end, independent of the source's record cutter. */
final class CsvRecordModel {

  private CsvRecordModel() {}

  /**
   * Counts records the way the format defines them, on the bytes: a record ends at LF, CRLF or CR
   * outside double quotes (ASCII bytes never occur inside a multi-byte UTF-8 sequence, and a bad byte
   * decodes to one replacement character without swallowing the next one); empty records are not
   * rows; an unclosed quote runs to the end. A byte order mark at the start is skipped.
   */
  static long count(byte[] bytes) {
    long records = 0;
    boolean quoted = false;
    int length = 0;
    int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB
        && (bytes[2] & 0xff) == 0xBF ? 3 : 0;
    for (int i = start; i < bytes.length; i++) {
      byte c = bytes[i];
      if ((c == '\n' || c == '\r') && !quoted) {
        if (length > 0) {
          records++;
        }
        length = 0;
        continue;
      }
      if (c == '"') {
        quoted = !quoted;
      }
      length++;
    }
    return length > 0 ? records + 1 : records;
  }
}
