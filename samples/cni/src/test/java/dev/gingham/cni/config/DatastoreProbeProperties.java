package dev.gingham.cni.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gingham.cni.spec.CniException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.jspecify.annotations.Nullable;

/**
 * The datastore probe against the full reading: whatever it is fed (random bytes, mutations and
 * truncations of a valid configuration, configurations built from the datastore fields in every
 * form), it never throws, and whenever both answer, it names the store the full reading names.
 */
class DatastoreProbeProperties {
  @Property(tries = 1000)
  void randomBytesNeverThrowAndNeverContradictTheParser(
      @ForAll byte[] bytes, @ForAll NetConfParser.Mode mode) {
    agreesWithTheParser(bytes, mode);
  }

  @Property(tries = 1000)
  void mutationsOfAValidConfigurationNeverContradictTheParser(
      @ForAll @IntRange(min = 0, max = 2000) int at,
      @ForAll char replacement,
      @ForAll NetConfParser.Mode mode) {
    agreesWithTheParser(NetConfParserProperties.mutated(at, replacement), mode);
  }

  @Property(tries = 300)
  void truncationsGiveNoAnswer(
      @ForAll @IntRange(min = 0, max = 2000) int at, @ForAll NetConfParser.Mode mode) {
    String valid = NetConfParserProperties.VALID;
    byte[] cut = valid.substring(0, at % valid.length()).getBytes(StandardCharsets.UTF_8);
    assertThat(DatastoreProbe.probe(cut, mode)).isEmpty();
  }

  @Property(tries = 1000)
  void theDatastoreFieldsInEveryFormAgreeWithTheParser(
      @ForAll("configurations") String json, @ForAll NetConfParser.Mode mode) {
    agreesWithTheParser(json.getBytes(StandardCharsets.UTF_8), mode);
  }

  @Property(tries = 300)
  void aPlainConfigurationAlwaysGetsAnAnswer(
      @ForAll("uris") @Nullable String uri, @ForAll NetConfParser.Mode mode) {
    String field = uri == null ? "" : ",\"datastore\":\"" + uri + "\"";
    String json =
        "{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"type\":\"gingham\""
            + field
            + ",\"ipam\":{\"type\":\"gingham-ipam\"}}";
    Optional<DatastoreProbe.Hint> hint =
        DatastoreProbe.probe(json.getBytes(StandardCharsets.UTF_8), mode);
    assertThat(hint).contains(new DatastoreProbe.Hint(uri));
    agreesWithTheParser(json.getBytes(StandardCharsets.UTF_8), mode);
  }

  @Example
  void calicosEtcdFieldsLeaveTheMainPluginToTheFullReading() {
    String json =
        "{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"type\":\"gingham\","
            + "\"datastore_type\":\"etcdv3\",\"etcd_endpoints\":\"http://127.0.0.1:2379\"}";
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    assertThat(DatastoreProbe.probe(b, NetConfParser.Mode.PLUGIN)).isEmpty();
    assertThat(NetConfParser.parse(b, NetConfParser.Mode.PLUGIN).datastore())
        .isEqualTo("etcd://127.0.0.1:2379");
  }

  @Example
  void theIpamSectionsStoreWinsForTheIpamPluginOnly() {
    String json =
        "{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"type\":\"ptp\",\"datastore\":\"sqlite:/a\","
            + "\"ipam\":{\"type\":\"gingham-ipam\",\"datastore\":\"sqlite:/b\"}}";
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    assertThat(DatastoreProbe.probe(b, NetConfParser.Mode.IPAM))
        .contains(new DatastoreProbe.Hint("sqlite:/b"));
    assertThat(DatastoreProbe.probe(b, NetConfParser.Mode.PLUGIN))
        .contains(new DatastoreProbe.Hint("sqlite:/a"));
  }

  @Example
  void aRepeatedDatastoreGivesNoAnswer() {
    String json = "{\"name\":\"n\",\"datastore\":\"sqlite:/a\",\"datastore\":\"sqlite:/b\"}";
    for (NetConfParser.Mode mode : NetConfParser.Mode.values()) {
      assertThat(DatastoreProbe.probe(json.getBytes(StandardCharsets.UTF_8), mode)).isEmpty();
    }
  }

  /** Configurations made of the fields that decide the store, each in several forms. */
  @Provide
  Arbitrary<String> configurations() {
    Arbitrary<String> value =
        Arbitraries.of(
            "\"sqlite:/var/lib/gingham/state.db\"",
            "\"etcd://127.0.0.1:2379\"",
            "\"\"",
            "null",
            "1",
            "true",
            "{}",
            "[\"sqlite:/x\"]",
            "\"no-scheme\"",
            "\"memory:\"");
    Arbitrary<String> top =
        Combinators.combine(
                Arbitraries.of("datastore", "datastore_type", "etcd_endpoints", "other_field"),
                value)
            .as((k, v) -> "\"" + k + "\":" + v);
    Arbitrary<String> ipamField =
        Combinators.combine(Arbitraries.of("datastore", "nodename", "ipv4_pools"), value)
            .as((k, v) -> "\"" + k + "\":" + v);
    Arbitrary<String> ipam =
        ipamField
            .list()
            .ofMaxSize(3)
            .map(
                fs ->
                    "\"ipam\":{\"type\":\"gingham-ipam\""
                        + (fs.isEmpty() ? "" : "," + String.join(",", fs))
                        + "}");
    return Combinators.combine(top.list().ofMaxSize(4), ipam.optional(), Arbitraries.randoms())
        .as(
            (fields, i, random) -> {
              List<String> all = new ArrayList<>(fields);
              all.add("\"cniVersion\":\"1.0.0\"");
              all.add("\"name\":\"net\"");
              all.add("\"type\":\"gingham\"");
              i.ifPresent(all::add);
              Collections.shuffle(all, random);
              return "{" + String.join(",", all) + "}";
            });
  }

  @Provide
  Arbitrary<@Nullable String> uris() {
    return Arbitraries.of("sqlite:/var/lib/gingham/state.db", "sqlite:/tmp/a b.db", "etcd://h:1")
        .injectNull(0.3);
  }

  private static void agreesWithTheParser(byte[] bytes, NetConfParser.Mode mode) {
    Optional<DatastoreProbe.Hint> hint = DatastoreProbe.probe(bytes, mode);
    NetConf conf;
    try {
      conf = NetConfParser.parse(bytes, mode);
    } catch (CniException e) {
      return; // the invocation fails; nothing was opened on the probe's word that is used
    }
    if (hint.isPresent()) {
      String parsed = mode == NetConfParser.Mode.PLUGIN ? conf.datastore() : conf.ipamDatastore();
      assertThat(hint.get().uri()).isEqualTo(parsed);
    }
  }
}
