package dev.kinetic.platform.dataset;

import dev.kinetic.contracts.Json;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

/**
 * Streams rows from CSV with a header, JSON Lines, or inline JSON rows, holding one row in memory
 * at a time. Input that cannot be parsed throws {@link MalformedDataException} naming the line.
 */
public abstract class RowReader implements Iterator<Row>, AutoCloseable {

  private static final TypeReference<Map<String, Object>> ROW_TYPE = new TypeReference<>() {};

  /** The header's columns; empty for JSON, whose rows each name their own. */
  public abstract List<String> columns();

  @Override
  public abstract void close();

  /** CSV (RFC 4180, UTF-8) whose first record is the header. */
  public static RowReader csv(InputStream input) {
    return new Csv(new InputStreamReader(input, StandardCharsets.UTF_8));
  }

  public static RowReader csv(Reader input) {
    return new Csv(input);
  }

  /** One JSON object per line; blank lines are skipped. */
  public static RowReader jsonLines(InputStream input) {
    return new JsonLines(input);
  }

  /** Rows already parsed from JSON. */
  public static RowReader of(List<? extends Map<String, ?>> rows) {
    return new Inline(rows);
  }

  private static void closeUnchecked(Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<String, String> scalars(Map<String, ?> values) {
    Map<String, String> row = new LinkedHashMap<>();
    values.forEach(
        (column, value) -> {
          if (value != null) {
            row.put(
                column,
                value instanceof String text ? text : Json.MAPPER.writeValueAsString(value));
          }
        });
    return row;
  }

  private static final class Csv extends RowReader {
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final List<String> header;

    Csv(Reader input) {
      try {
        parser =
            CSVFormat.RFC4180
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true)
                .get()
                .parse(input);
      } catch (IOException | IllegalArgumentException | UncheckedIOException e) {
        throw new MalformedDataException("the CSV header cannot be read: " + e.getMessage(), e);
      }
      header = parser.getHeaderNames();
      if (header.isEmpty()) {
        throw new MalformedDataException("the CSV has no header line");
      }
      records = parser.iterator();
    }

    @Override
    public List<String> columns() {
      return header;
    }

    @Override
    public boolean hasNext() {
      try {
        return records.hasNext();
      } catch (UncheckedIOException | IllegalStateException e) {
        throw unparseable(e);
      }
    }

    private MalformedDataException unparseable(RuntimeException e) {
      return new MalformedDataException(
          "the CSV cannot be parsed after row " + parser.getRecordNumber() + ": " + e.getMessage(),
          e);
    }

    @Override
    public Row next() {
      CSVRecord record;
      try {
        record = records.next();
      } catch (UncheckedIOException | IllegalStateException e) {
        throw unparseable(e);
      }
      Map<String, String> values = new LinkedHashMap<>();
      int width = Math.min(record.size(), header.size());
      for (int i = 0; i < width; i++) {
        values.put(header.get(i), record.get(i));
      }
      String problem =
          record.size() == header.size()
              ? null
              : "has " + record.size() + " values; the header has " + header.size() + " columns";
      return new Row(record.getRecordNumber(), values, problem);
    }

    @Override
    public void close() {
      closeUnchecked(parser);
    }
  }

  private static final class JsonLines extends RowReader {
    private final BufferedReader lines;
    private long lineNumber;
    private String nextLine;

    JsonLines(InputStream input) {
      lines = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8));
    }

    @Override
    public List<String> columns() {
      return List.of();
    }

    @Override
    public boolean hasNext() {
      try {
        while (nextLine == null) {
          String line = lines.readLine();
          if (line == null) {
            return false;
          }
          lineNumber++;
          if (!line.isBlank()) {
            nextLine = line;
          }
        }
        return true;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      String line = nextLine;
      nextLine = null;
      JsonNode node;
      try {
        node = Json.MAPPER.readTree(line);
      } catch (JacksonException e) {
        throw new MalformedDataException(
            "line " + lineNumber + " is not JSON: " + e.getOriginalMessage(), e);
      }
      if (!node.isObject()) {
        throw new MalformedDataException("line " + lineNumber + " is not a JSON object");
      }
      Map<String, Object> values = Json.MAPPER.convertValue(node, ROW_TYPE);
      return new Row(lineNumber, scalars(values), null);
    }

    @Override
    public void close() {
      closeUnchecked(lines);
    }
  }

  private static final class Inline extends RowReader {
    private final Iterator<? extends Map<String, ?>> rows;
    private long number;

    Inline(List<? extends Map<String, ?>> rows) {
      this.rows = rows.iterator();
    }

    @Override
    public List<String> columns() {
      return List.of();
    }

    @Override
    public boolean hasNext() {
      return rows.hasNext();
    }

    @Override
    public Row next() {
      return new Row(++number, scalars(rows.next()), null);
    }

    @Override
    public void close() {}
  }
}
