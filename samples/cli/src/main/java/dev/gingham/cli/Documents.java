package dev.gingham.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * YAML and JSON documents, as the generic trees resources are read from: from files, from every
 * {@code .yaml}, {@code .yml} and {@code .json} file of a directory (in name order), and from
 * standard input ({@code -}). A file holds any number of documents separated by {@code ---}; JSON
 * is YAML too. Each document is labelled with its file, its index (from 1) and its first line, so
 * that errors can say where. Duplicate keys are refused. Thread-safe: stateless.
 */
final class Documents {
  /** The largest input read, so that a wrong file cannot exhaust memory. */
  static final int MAX_BYTES = 64 * 1024 * 1024;

  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

  private Documents() {}

  /**
   * One document.
   *
   * @param source where it came from: {@code pools.yaml: document 2 (line 14)}
   * @param tree the document as maps, lists and scalars, or null when empty
   */
  record Document(String source, @Nullable Object tree) {}

  /**
   * Reads documents from files, directories or {@code -} for standard input.
   *
   * @throws CliException with {@link ExitCodes#USAGE} when a source cannot be read, {@link
   *     ExitCodes#VALIDATION} when one is not YAML or JSON
   */
  static List<Document> read(List<String> sources, InputStream stdin) {
    List<Document> out = new ArrayList<>();
    for (String source : sources) {
      if (source.equals("-")) {
        out.addAll(parse(readAll(stdin, "standard input"), "standard input"));
        continue;
      }
      Path path = Path.of(source);
      if (Files.isDirectory(path)) {
        List<Path> files;
        try (Stream<Path> list = Files.list(path)) {
          files =
              list.filter(Files::isRegularFile)
                  .filter(p -> p.getFileName().toString().matches(".*\\.(yaml|yml|json)"))
                  .sorted()
                  .toList();
        } catch (IOException e) {
          throw new CliException(ExitCodes.USAGE, "cannot list " + source + ": " + e.getMessage());
        }
        if (files.isEmpty()) {
          throw new CliException(ExitCodes.USAGE, source + " holds no .yaml, .yml or .json file");
        }
        for (Path f : files) {
          out.addAll(parse(readFile(f), f.toString()));
        }
      } else {
        out.addAll(parse(readFile(path), source));
      }
    }
    return out;
  }

  private static String readFile(Path path) {
    if (!Files.exists(path)) {
      throw new CliException(ExitCodes.USAGE, path + ": no such file or directory");
    }
    try (InputStream in = Files.newInputStream(path)) {
      return readAll(in, path.toString());
    } catch (IOException e) {
      throw new CliException(ExitCodes.USAGE, "cannot read " + path + ": " + e.getMessage());
    }
  }

  private static String readAll(InputStream in, String name) {
    try {
      byte[] bytes = in.readNBytes(MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        throw new CliException(
            ExitCodes.VALIDATION, name + " is larger than the limit of " + MAX_BYTES + " bytes");
      }
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new CliException(ExitCodes.VALIDATION, name + ": not UTF-8 text");
    } catch (IOException e) {
      throw new CliException(ExitCodes.USAGE, "cannot read " + name + ": " + e.getMessage());
    }
  }

  /**
   * Parses text into documents.
   *
   * @param name the file's name, for the labels
   * @throws CliException with {@link ExitCodes#VALIDATION} naming the line and column of a syntax
   *     error
   */
  static List<Document> parse(String text, String name) {
    List<Document> out = new ArrayList<>();
    try (JsonParser p = YAML.getFactory().createParser(text)) {
      int index = 1;
      while (p.nextToken() != null) {
        int line = p.currentTokenLocation().getLineNr();
        Object tree = YAML.readValue(p, Object.class);
        // An empty YAML document (a comment, or nothing between two ---) reads as "".
        if ("".equals(tree)) {
          tree = null;
        }
        out.add(new Document(name + ": document " + index + " (line " + line + ")", tree));
        index++;
      }
    } catch (JacksonException e) {
      var at = e.getLocation();
      throw new CliException(
          ExitCodes.VALIDATION,
          name
              + ": not YAML or JSON"
              + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr())
              + ": "
              + oneLine(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new CliException(ExitCodes.VALIDATION, name + ": " + e.getMessage());
    } catch (RuntimeException e) {
      // SnakeYAML's own limits (nesting depth, alias expansion) surface as its exceptions.
      throw new CliException(
          ExitCodes.VALIDATION, name + ": not YAML or JSON: " + oneLine(e.getMessage()));
    }
    return out;
  }

  /**
   * A parser's message on one line: SnakeYAML's quote the text with a caret under it, and say where
   * in lines of their own, which the location before the message already says.
   */
  static String oneLine(@Nullable String message) {
    if (message == null) {
      return "malformed";
    }
    List<String> kept = new ArrayList<>();
    for (String line : message.split("\\R")) {
      String t = line.strip();
      if (t.isEmpty() || line.startsWith(" ") || t.startsWith("in 'reader'") || t.equals("^")) {
        continue;
      }
      kept.add(t);
    }
    return kept.isEmpty() ? message.strip() : String.join("; ", kept);
  }
}
