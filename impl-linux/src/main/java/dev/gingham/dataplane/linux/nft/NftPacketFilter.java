package dev.gingham.dataplane.linux.nft;

import dev.gingham.spi.dataplane.DataplaneException;
import dev.gingham.spi.dataplane.DataplanePermissionException;
import dev.gingham.spi.dataplane.NetworkNamespace;
import dev.gingham.spi.dataplane.filter.FilterFamily;
import dev.gingham.spi.dataplane.filter.FilterTable;
import dev.gingham.spi.dataplane.filter.FilterTransaction;
import dev.gingham.spi.dataplane.filter.PacketFilter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packet filter of Linux, through the {@code nft} command as Kubernetes' knftables uses it: a
 * transaction becomes one {@code nft -f -} script, which nftables applies as one atomic batch; a
 * table is read with {@code nft -j list table}. In a namespace other than this process's, {@code
 * nft} runs under {@code nsenter --net=PATH}. Thread-safe: each call runs its own process.
 */
public final class NftPacketFilter implements PacketFilter {
  private static final Pattern ERROR_LINE =
      Pattern.compile("^(?:/dev/stdin|-):(\\d+):", Pattern.MULTILINE);

  private final String nft;
  private final Duration timeout;

  /** Runs {@code nft} from the path, with a 60-second limit per call. */
  public NftPacketFilter() {
    this("nft", Duration.ofSeconds(60));
  }

  /**
   * Runs the given {@code nft} binary.
   *
   * @param nft the command
   * @param timeout the longest one call may take
   */
  public NftPacketFilter(String nft, Duration timeout) {
    this.nft = nft;
    this.timeout = timeout;
  }

  @Override
  public void apply(NetworkNamespace ns, FilterTransaction transaction) {
    NftScript script = NftScript.of(transaction);
    if (script.isEmpty()) {
      return;
    }
    Result r = run(ns, script.text(), "-f", "-");
    if (r.exit != 0) {
      String object = "table " + transaction.family().keyword() + " " + transaction.table();
      Matcher m = ERROR_LINE.matcher(r.err);
      String detail = r.err.strip();
      if (m.find()) {
        int line = Integer.parseInt(m.group(1));
        int op = script.operationAt(line);
        String[] lines = script.text().split("\n", -1);
        String text = line >= 1 && line <= lines.length ? lines[line - 1] : "?";
        if (text.length() > 300) {
          text = text.substring(0, 300) + "...";
        }
        object += " in " + ns.name() + ", operation " + op + " (line " + line + ": " + text + ")";
      }
      if (detail.contains("Operation not permitted")) {
        throw new DataplanePermissionException(object, "EPERM", firstLines(detail));
      }
      throw new DataplaneException(object, null, firstLines(detail));
    }
  }

  @Override
  public Optional<FilterTable> read(NetworkNamespace ns, FilterFamily family, String table) {
    Result r = run(ns, "", "-j", "list", "table", family.keyword(), table);
    if (r.exit != 0) {
      if (r.err.contains("No such file or directory")) {
        return Optional.empty();
      }
      throw new DataplaneException(
          "table " + family.keyword() + " " + table + " in " + ns.name(), null, firstLines(r.err));
    }
    return Optional.of(NftJson.parse(r.out, family, table));
  }

  @Override
  public boolean deleteTable(NetworkNamespace ns, FilterFamily family, String table) {
    Result r = run(ns, "", "delete", "table", family.keyword(), table);
    if (r.exit != 0) {
      if (r.err.contains("No such file or directory")) {
        return false;
      }
      throw new DataplaneException(
          "table " + family.keyword() + " " + table + " in " + ns.name(), null, firstLines(r.err));
    }
    return true;
  }

  private static String firstLines(String s) {
    String[] lines = s.strip().split("\n");
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < Math.min(lines.length, 6); i++) {
      out.append(i == 0 ? "" : " | ").append(lines[i].strip());
    }
    return out.toString();
  }

  private record Result(int exit, String out, String err) {}

  private Result run(NetworkNamespace ns, String stdin, String... args) {
    List<String> cmd = new ArrayList<>();
    if (!ns.isHost()) {
      cmd.add("nsenter");
      cmd.add("--net=" + ns.path());
    }
    cmd.add(nft);
    cmd.addAll(List.of(args));
    Process p;
    try {
      p = new ProcessBuilder(cmd).start();
    } catch (IOException e) {
      throw new DataplaneException(String.join(" ", cmd), "ENOENT", e.getMessage(), e);
    }
    try {
      CompletableFuture<byte[]> out = drain(p.getInputStream());
      CompletableFuture<byte[]> err = drain(p.getErrorStream());
      try (OutputStream in = p.getOutputStream()) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new DataplaneException(String.join(" ", cmd), "ETIMEDOUT", "after " + timeout);
      }
      return new Result(
          p.exitValue(),
          new String(out.join(), StandardCharsets.UTF_8),
          new String(err.join(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      p.destroyForcibly();
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new DataplaneException(String.join(" ", cmd), "EINTR", "interrupted", e);
    }
  }

  private static CompletableFuture<byte[]> drain(InputStream in) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (in) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            in.transferTo(b);
            return b.toByteArray();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }
}
