package dev.gingham.dataplane.linux.nft;

import dev.gingham.dataplane.linux.netlink.Errno;
import dev.gingham.dataplane.linux.netlink.LibC;
import dev.gingham.dataplane.linux.netlink.NetlinkChannel;
import dev.gingham.dataplane.linux.netlink.NetlinkException;
import dev.gingham.dataplane.linux.netlink.NetlinkSocket;
import dev.gingham.dataplane.linux.netlink.NetlinkWriter;
import dev.gingham.dataplane.linux.netns.NamespaceWorker;
import dev.gingham.dataplane.linux.netns.NetnsHandle;
import dev.gingham.spi.dataplane.DataplaneException;
import dev.gingham.spi.dataplane.DataplanePermissionException;
import dev.gingham.spi.dataplane.NetworkNamespace;
import dev.gingham.spi.dataplane.filter.FilterFamily;
import dev.gingham.spi.dataplane.filter.FilterObject;
import dev.gingham.spi.dataplane.filter.FilterTable;
import dev.gingham.spi.dataplane.filter.FilterTransaction;
import dev.gingham.spi.dataplane.filter.PacketFilter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The packet filter of Linux, through the {@code nft} command as Kubernetes' knftables uses it: a
 * transaction becomes one {@code nft -f -} script, which nftables applies as one atomic batch; a
 * table is read with {@code nft -j list table}. In a namespace other than this process's, {@code
 * nft} runs under {@code nsenter --net=PATH}. Thread-safe: each call runs its own process.
 */
public final class NftPacketFilter implements PacketFilter, AutoCloseable {
  private static final Pattern ERROR_LINE =
      Pattern.compile("^(?:/dev/stdin|-):(\\d+):", Pattern.MULTILINE);

  private final String nft;
  private final Duration timeout;
  private final @Nullable NamespaceWorker sharedWorker;
  private @Nullable NamespaceWorker ownWorker;

  /**
   * Runs {@code nft} from the path, with a 60-second limit per call; element batches reach other
   * namespaces through a worker of its own, started on first need and stopped by {@link #close()}.
   */
  public NftPacketFilter() {
    this("nft", Duration.ofSeconds(60), null);
  }

  /**
   * The Linux dataplane's filter: element batches reach other namespaces through the dataplane's
   * namespace worker.
   */
  public NftPacketFilter(NamespaceWorker worker) {
    this("nft", Duration.ofSeconds(60), worker);
  }

  /**
   * Runs the given {@code nft} binary.
   *
   * @param nft the command
   * @param timeout the longest one call may take
   * @param worker the worker that opens sockets in other namespaces, or null for one of its own
   */
  public NftPacketFilter(String nft, Duration timeout, @Nullable NamespaceWorker worker) {
    this.nft = nft;
    this.timeout = timeout;
    this.sharedWorker = worker;
  }

  /** A set's declaration, as needed to write its elements over netlink. */
  private record SetDecl(String keyType, List<String> flags, @Nullable String valueType) {}

  /** Set declarations per table, learnt from what was applied or read. */
  private final Map<String, Map<String, SetDecl>> declarations = new ConcurrentHashMap<>();

  private final Map<String, NetlinkChannel> sockets = new ConcurrentHashMap<>();

  /**
   * {@inheritDoc}
   *
   * <p>A transaction of nothing but element additions and deletions on sets whose declarations this
   * filter has seen (applied or read) goes to the kernel as one nf_tables netlink batch, which is
   * atomic like {@code nft -f} and avoids its cost: nft 1.0 dumps the whole ruleset before any
   * element command. Everything else runs {@code nft -f -}.
   */
  @Override
  public void apply(NetworkNamespace ns, FilterTransaction transaction) {
    if (transaction.operations().isEmpty()) {
      return;
    }
    if (viaNetlink(ns, transaction)) {
      return;
    }
    NftScript script = NftScript.of(transaction);
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
    learn(ns, transaction);
  }

  private static String tableKey(NetworkNamespace ns, FilterFamily family, String table) {
    return identity(ns) + " " + family.keyword() + " " + table;
  }

  /**
   * The namespace's identity: its nsfs inode, so that a namespace deleted and made again under the
   * same name is a different one (a cached socket would otherwise keep writing to the old one).
   */
  private static String identity(NetworkNamespace ns) {
    if (ns instanceof NetnsHandle) {
      return ((NetnsHandle) ns).identity();
    }
    try {
      return ns.path() + "@" + java.nio.file.Files.getAttribute(ns.path(), "unix:ino");
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return ns.path() + "@?";
    }
  }

  private void learn(NetworkNamespace ns, FilterTransaction tx) {
    Map<String, SetDecl> d =
        declarations.computeIfAbsent(
            tableKey(ns, tx.family(), tx.table()), k -> new ConcurrentHashMap<>());
    for (FilterTransaction.Operation op : tx.operations()) {
      FilterObject o = op.object();
      String name = null;
      SetDecl decl = null;
      if (o instanceof FilterObject.NamedSet) {
        FilterObject.NamedSet s = (FilterObject.NamedSet) o;
        name = s.name();
        decl = new SetDecl(s.type(), s.flags(), null);
      } else if (o instanceof FilterObject.NamedMap) {
        FilterObject.NamedMap m = (FilterObject.NamedMap) o;
        name = m.name();
        decl = new SetDecl(m.keyType(), m.flags(), m.valueType());
      }
      if (name == null) {
        continue;
      }
      if (op.verb() == FilterTransaction.Verb.DELETE) {
        d.remove(name);
      } else if (op.verb() == FilterTransaction.Verb.ADD
          || op.verb() == FilterTransaction.Verb.CREATE) {
        d.putIfAbsent(name, decl);
      }
    }
  }

  private boolean viaNetlink(NetworkNamespace ns, FilterTransaction tx) {
    if (tx.family() != FilterFamily.INET) {
      return false;
    }
    Map<String, SetDecl> d = declarations.get(tableKey(ns, tx.family(), tx.table()));
    if (d == null) {
      return false;
    }
    List<FilterTransaction.Operation> ops = tx.operations();
    List<List<NftElementCodec.KernelElement>> groups = new ArrayList<>();
    List<String> groupSets = new ArrayList<>();
    List<Boolean> groupAdds = new ArrayList<>();
    List<Integer> groupFirstOp = new ArrayList<>();
    int size = 64;
    for (int i = 0; i < ops.size(); i++) {
      FilterTransaction.Operation op = ops.get(i);
      boolean add = op.verb() == FilterTransaction.Verb.ADD;
      if (!(op.object() instanceof FilterObject.Element)
          || !(add || op.verb() == FilterTransaction.Verb.DELETE)) {
        return false;
      }
      FilterObject.Element e = (FilterObject.Element) op.object();
      SetDecl decl = d.get(e.container());
      if (decl == null
          || !NftElementCodec.supports(decl.keyType(), decl.flags(), decl.valueType())) {
        return false;
      }
      List<NftElementCodec.KernelElement> encoded;
      try {
        encoded =
            NftElementCodec.encode(
                decl.keyType(), decl.flags().contains("interval"), e.key(), add ? e.value() : null);
      } catch (IllegalArgumentException bad) {
        return false; // nft will say what is wrong with it
      }
      int last = groups.size() - 1;
      if (last < 0 || !groupSets.get(last).equals(e.container()) || groupAdds.get(last) != add) {
        groups.add(new ArrayList<>());
        groupSets.add(e.container());
        groupAdds.add(add);
        groupFirstOp.add(i);
        last++;
        size += 128;
      }
      groups.get(last).addAll(encoded);
      size += 96 * encoded.size();
    }
    if (size > NetlinkChannel.SEND_CAPACITY - 4096) {
      return false;
    }
    String id = identity(ns);
    if (id.endsWith("@?")) {
      return false;
    }
    NetlinkChannel channel;
    try {
      channel = sockets.computeIfAbsent(id, k -> new NetlinkChannel(openSocket(ns)));
    } catch (NetlinkException | IllegalStateException e) {
      return false; // no netlink here: nft may still work, or will say why not
    }
    int[] failure = {-1, 0};
    synchronized (channel) {
      NetlinkWriter w = channel.writer();
      int first = channel.nextSeq();
      for (int i = 0; i < groups.size() + 1; i++) {
        channel.nextSeq();
      }
      NftNetlinkBatch batch =
          new NftNetlinkBatch(w, NftNetlinkBatch.NFPROTO_INET, tx.table(), first);
      for (int g = 0; g < groups.size(); g++) {
        batch.elements(groupSets.get(g), groupAdds.get(g), groups.get(g));
      }
      batch.finish();
      int firstMessage = batch.firstMessageSeq();
      try {
        channel.sendAwait(
            batch.beginSeq(),
            batch.lastMessageSeq(),
            (s, errno, message) -> {
              if (errno == 0) {
                return false;
              }
              int index = s - firstMessage;
              if (index < 0) { // the whole batch was refused
                failure[0] = 0;
                failure[1] = errno;
                return true;
              }
              if (failure[0] < 0 || index < failure[0]) {
                failure[0] = index;
                failure[1] = errno;
              }
              return false;
            });
      } catch (NetlinkException e) {
        throw new DataplaneException(
            "table inet " + tx.table() + " in " + ns.name(), e.errnoName(), e.getMessage());
      }
    }
    if (failure[0] >= 0) {
      int op = groupFirstOp.get(failure[0]);
      throw new DataplaneException(
          "table inet "
              + tx.table()
              + " in "
              + ns.name()
              + ", operation "
              + op
              + " ("
              + (groupAdds.get(failure[0]) ? "add" : "delete")
              + " elements of "
              + groupSets.get(failure[0])
              + ")",
          Errno.name(failure[1]),
          "netlink batch refused, nothing applied");
    }
    return true;
  }

  /** A NETLINK_NETFILTER socket inside the namespace. */
  private NetlinkSocket openSocket(NetworkNamespace ns) {
    if (ns instanceof NetnsHandle) {
      return ((NetnsHandle) ns).openSocket(NetlinkSocket.NETLINK_NETFILTER, 0);
    }
    NamespaceWorker worker = worker();
    if (ns.isHost()) {
      return worker.call(-1, () -> NetlinkSocket.open(NetlinkSocket.NETLINK_NETFILTER, 0));
    }
    int fd = LibC.get().open(ns.path().toString(), 0x80000);
    if (fd < 0) {
      throw new NetlinkException("open " + ns.path(), LibC.errno(), null);
    }
    try {
      return worker.call(fd, () -> NetlinkSocket.open(NetlinkSocket.NETLINK_NETFILTER, 0));
    } finally {
      LibC.get().close(fd);
    }
  }

  private synchronized NamespaceWorker worker() {
    if (sharedWorker != null) {
      return sharedWorker;
    }
    if (ownWorker == null) {
      ownWorker = new NamespaceWorker("gingham-nft-netns");
    }
    return ownWorker;
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
    FilterTable t = NftJson.parse(r.out, family, table);
    Map<String, SetDecl> d = new ConcurrentHashMap<>();
    t.sets().forEach(x -> d.put(x.name(), new SetDecl(x.type(), x.flags(), null)));
    t.maps().forEach(x -> d.put(x.name(), new SetDecl(x.keyType(), x.flags(), x.valueType())));
    declarations.put(tableKey(ns, family, table), d);
    return Optional.of(t);
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
    declarations.remove(tableKey(ns, family, table));
    return true;
  }

  /**
   * Closes the netlink sockets this filter opened. Each holds its namespace alive, so close the
   * filter when done with it. It can be used again afterwards; it reopens what it needs.
   */
  @Override
  public void close() {
    for (String id : List.copyOf(sockets.keySet())) {
      NetlinkChannel s = sockets.remove(id);
      if (s != null) {
        s.close();
      }
    }
    NamespaceWorker own;
    synchronized (this) {
      own = ownWorker;
      ownWorker = null;
    }
    if (own != null) {
      own.close();
    }
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
      // A handle's descriptor reaches its namespace even if the name now stands for another.
      Path path = ns instanceof NetnsHandle ? ((NetnsHandle) ns).procPath() : ns.path();
      cmd.add("--net=" + path);
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
