package dev.gingham.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PolicyCommandTest {
  private static final String CLUSTER =
      """
      apiVersion: v1
      kind: Namespace
      metadata: {name: prod, labels: {team: a}}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: web, namespace: prod, labels: {app: web}}
      status: {podIP: 10.0.0.1}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: db, namespace: prod, labels: {app: db}}
      spec:
        containers:
        - name: pg
          ports: [{name: pg, containerPort: 5432}]
      status: {podIP: 10.0.0.2}
      ---
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: db, namespace: prod}
      spec:
        podSelector: {matchLabels: {app: db}}
        ingress:
        - from: [{podSelector: {matchLabels: {app: web}}}]
          ports: [{port: pg}]
      """;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void explainsAnAllowedPacket(@TempDir Path dir) throws Exception {
    Path f = Files.writeString(dir.resolve("cluster.yaml"), CLUSTER);
    assertThat(
            run(
                "policy",
                "explain",
                "-f",
                f.toString(),
                "--from",
                "prod/web",
                "--to",
                "prod/db",
                "--port",
                "5432"))
        .isEqualTo(ExitCodes.OK);
    assertThat(out.toString())
        .contains("TCP 10.0.0.1:40000 -> 10.0.0.2:5432")
        .contains("ALLOW")
        .contains("NetworkPolicy prod/knp.default.db rule 0 (Allow) matches: Allow");
  }

  @Test
  void explainsADeniedPacketWithTheEndOfTier(@TempDir Path dir) throws Exception {
    Path f = Files.writeString(dir.resolve("cluster.yaml"), CLUSTER);
    assertThat(
            run(
                "policy",
                "explain",
                "-f",
                f.toString(),
                "--from",
                "198.51.100.7",
                "--to",
                "prod/db",
                "--port",
                "5432"))
        .isEqualTo(PolicyExplainCommand.DENIED);
    assertThat(out.toString()).contains("DENY").contains("end of tier default: deny");
  }

  @Test
  void badResourcesAreNamed(@TempDir Path dir) throws Exception {
    Path f =
        Files.writeString(
            dir.resolve("bad.yaml"),
            CLUSTER.replace("containerPort: 5432", "containerPort: 99999"));
    assertThat(
            run("policy", "explain", "-f", f.toString(), "--from", "prod/web", "--to", "prod/db"))
        .isEqualTo(ExitCodes.VALIDATION);
    assertThat(err.toString())
        .contains("Pod prod/db: spec.containers[0].ports[0]")
        .contains("99999");
    Path ok = Files.writeString(dir.resolve("ok.yaml"), CLUSTER);
    assertThat(
            run("policy", "explain", "-f", ok.toString(), "--from", "prod/nope", "--to", "prod/db"))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("no endpoint 'prod/nope' in the files");
    Path g = Files.writeString(dir.resolve("garbage.yaml"), "{ not: [yaml");
    assertThat(
            run("policy", "explain", "-f", g.toString(), "--from", "prod/web", "--to", "prod/db"))
        .isEqualTo(ExitCodes.VALIDATION);
    assertThat(err.toString()).contains("not YAML or JSON");
  }
}
