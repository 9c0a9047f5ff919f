package dev.gingham.cli;

import dev.gingham.bgp.BgpException;
import dev.gingham.bgp.BgpSpeaker;
import dev.gingham.bgp.PeerConfig;
import dev.gingham.net.IpAddress;
import dev.gingham.net.Ipv4Address;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gingham bgp serve}: runs a speaker from a YAML file until SIGTERM or SIGINT, with a
 * control socket for {@code gingham bgp peers} and {@code routes}.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Run a BGP speaker from a YAML config until stopped (SIGTERM or Ctrl-C).",
    footer = {
      "",
      "Examples:",
      "  gingham bgp serve --config speaker.yaml",
      "  gingham bgp serve --config speaker.yaml --socket /tmp/bgp.sock",
    })
final class BgpServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description = "The speaker's YAML config.")
  Path config;

  @Option(
      names = "--socket",
      paramLabel = "PATH",
      description = "The control socket; overrides control-socket in the config.")
  Path socket;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    BgpConfigFile file;
    try {
      file = BgpConfigFile.read(config);
    } catch (IllegalArgumentException e) {
      err.println("gingham: " + e.getMessage());
      return ExitCodes.VALIDATION;
    } catch (IOException e) {
      err.println("gingham: cannot read " + config + ": " + e.getMessage());
      return ExitCodes.VALIDATION;
    }
    BgpSpeaker.Builder builder =
        BgpSpeaker.builder()
            .localAs(file.as)
            .routerId(Ipv4Address.parse(file.routerId))
            .name("serve");
    if (file.listen != null) {
      builder.listen(IpAddress.parse(file.listen.address), file.listen.port);
    }
    Path socketPath = socket != null ? socket : Path.of(file.controlSocket);
    CountDownLatch stop = new CountDownLatch(1);
    try (BgpSpeaker speaker = builder.start();
        BgpControl control = BgpControl.start(speaker, socketPath)) {
      for (PeerConfig p : file.peerConfigs()) {
        speaker.addPeer(p);
      }
      speaker.announceAll(file.routes());
      Thread hook = new Thread(stop::countDown, "gingham-bgp-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      PrintWriter out = spec.commandLine().getOut();
      out.println(
          "gingham bgp: AS "
              + file.as
              + ", router id "
              + file.routerId
              + speaker.listenAddress().map(a -> ", listening on " + a).orElse(", not listening")
              + ", control socket "
              + socketPath
              + ", "
              + file.peers.size()
              + " peers, "
              + file.announce.size()
              + " announcements");
      out.flush();
      stop.await();
      return ExitCodes.OK;
    } catch (BgpException e) {
      err.println("gingham: " + e.getMessage());
      return ExitCodes.UNREACHABLE;
    } catch (IOException e) {
      err.println("gingham: cannot open the control socket " + socketPath + ": " + e.getMessage());
      return ExitCodes.UNREACHABLE;
    }
  }
}
