package dev.gingham.internal.resource.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gingham.core.Ipams;
import dev.gingham.core.Resources;
import dev.gingham.internal.policy.Yaml;
import dev.gingham.ipam.AssignRequest;
import dev.gingham.ipam.IpPool;
import dev.gingham.ipam.Ipam;
import dev.gingham.ipam.IpamConfig;
import dev.gingham.net.IpPrefix;
import dev.gingham.policy.Tier;
import dev.gingham.resource.InvalidResourceException;
import dev.gingham.resource.NoSuchResourceException;
import dev.gingham.resource.ObjectMeta;
import dev.gingham.resource.Resource;
import dev.gingham.resource.ResourceChange;
import dev.gingham.resource.ResourceConflictException;
import dev.gingham.resource.ResourceDataException;
import dev.gingham.resource.ResourceEvent;
import dev.gingham.resource.ResourceExistsException;
import dev.gingham.resource.ResourceId;
import dev.gingham.resource.ResourceInUseException;
import dev.gingham.resource.ResourceKind;
import dev.gingham.resource.ResourceStore;
import dev.gingham.resource.ResourceWatch;
import dev.gingham.resource.WriteResult;
import dev.gingham.spi.datastore.Datastore;
import dev.gingham.spi.datastore.KeyValue;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every datastore gives the resource store: each case runs against a fresh store a subclass
 * opens, through the public {@link ResourceStore} interface, and checks the datastore's contents
 * where "nothing was written" is the point.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class ResourceStoreContract {
  static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  protected Datastore datastore;
  protected ResourceStore store;
  protected Ipam ipam;

  protected abstract Datastore newStore() throws Exception;

  @BeforeEach
  void open() throws Exception {
    datastore = newStore();
    store = Resources.store(datastore, Clock.fixed(NOW, ZoneOffset.UTC));
    ipam = Ipams.create(datastore);
  }

  @AfterEach
  void close() {
    datastore.close();
  }

  static List<Resource<?>> read(String yaml) {
    List<Resource<?>> out = new ArrayList<>();
    for (Object doc : Yaml.documents(yaml)) {
      out.addAll(Resources.read(doc, "test"));
    }
    return out;
  }

  static Resource<?> one(String yaml) {
    return read(yaml).get(0);
  }

  Map<String, String> contents() {
    Map<String, String> out = new TreeMap<>();
    for (KeyValue kv : datastore.listAll("").items()) {
      out.put(kv.key(), kv.modRevision() + " " + kv.valueUtf8());
    }
    return out;
  }

  static List<ResourceChange> applying(List<Resource<?>> resources) {
    List<ResourceChange> out = new ArrayList<>();
    for (Resource<?> r : resources) {
      out.add(ResourceChange.apply(r));
    }
    return out;
  }

  static final String TIER =
      "{apiVersion: gingham.dev/v1, kind: Tier, metadata: {name: security}, spec: {order: 10}}";
  static final String POLICY =
      "{apiVersion: gingham.dev/v1, kind: NetworkPolicy, metadata: {name: p, namespace: prod},"
          + " spec: {tier: security, selector: all(), ingress: [{action: Allow}]}}";

  @Nested
  @DisplayName("create, replace, apply, get, list and delete")
  class Basics {
    @Test
    @DisplayName(
        "create stores the resource with a uid, a creation time and the revision as its version")
    void create() {
      Resource<Tier> t = store.create(one(TIER).as(ResourceKind.TIER));
      assertThat(t.metadata().uid()).isNotBlank();
      assertThat(t.metadata().creationTimestamp()).isEqualTo(NOW);
      assertThat(t.metadata().resourceVersion()).isEqualTo(datastore.currentRevision());
      assertThat(store.get(ResourceKind.TIER, null, "security")).contains(t);
      assertThat(store.list(ResourceKind.TIER, null).items()).containsExactly(t);
      assertThat(datastore.get("/gingham/resources/v1/tiers/_cluster/security")).isPresent();
      assertThatThrownBy(() -> store.create(one(TIER)))
          .isInstanceOf(ResourceExistsException.class)
          .hasMessage("Tier security already exists");
    }

    @Test
    @DisplayName(
        "replace and apply keep the uid and creation time, and an equal resource is left unchanged")
    void replaceAndApply() {
      Resource<Tier> t = store.create(one(TIER).as(ResourceKind.TIER));
      long before = datastore.currentRevision();
      WriteResult same = store.write(List.of(ResourceChange.apply(one(TIER))));
      assertThat(same.outcomes().get(0).action()).isEqualTo(WriteResult.Action.UNCHANGED);
      assertThat(same.transactions()).isZero();
      assertThat(datastore.currentRevision()).isEqualTo(before);
      Resource<Tier> changed =
          store.replace(
              Resource.of(ResourceKind.TIER, ObjectMeta.of("security"), Tier.of("security", 20.0)));
      assertThat(changed.metadata().uid()).isEqualTo(t.metadata().uid());
      assertThat(changed.metadata().resourceVersion())
          .isGreaterThan(t.metadata().resourceVersion());
      assertThat(changed.spec().order()).isEqualTo(20.0);
      assertThatThrownBy(() -> store.replace(one(TIER.replace("security", "other"))))
          .isInstanceOf(NoSuchResourceException.class)
          .hasMessage("Tier other does not exist");
    }

    @Test
    @DisplayName("a resource version makes the write conditional")
    void optimisticConcurrency() {
      Resource<Tier> t = store.create(one(TIER).as(ResourceKind.TIER));
      store.replace(
          Resource.of(ResourceKind.TIER, ObjectMeta.of("security"), Tier.of("security", 5.0)));
      Map<String, String> before = contents();
      Resource<Tier> stale = Resource.of(ResourceKind.TIER, t.metadata(), Tier.of("security", 6.0));
      assertThatThrownBy(() -> store.replace(stale))
          .isInstanceOf(ResourceConflictException.class)
          .hasMessageContaining("not the " + t.metadata().resourceVersion() + " the write names");
      assertThatThrownBy(
              () ->
                  store.write(
                      List.of(ResourceChange.delete(t.id(), t.metadata().resourceVersion()))))
          .isInstanceOf(ResourceConflictException.class);
      assertThat(contents()).isEqualTo(before);
    }

    @Test
    @DisplayName("delete removes it; deleting what is not there is refused")
    void delete() {
      store.create(one(TIER));
      store.delete(ResourceId.of(ResourceKind.TIER, "security"));
      assertThat(store.get(ResourceKind.TIER, null, "security")).isEmpty();
      assertThatThrownBy(() -> store.delete(ResourceId.of(ResourceKind.TIER, "security")))
          .isInstanceOf(NoSuchResourceException.class);
    }

    @Test
    @DisplayName("list takes a namespace, or every namespace")
    void namespaces() {
      store.write(
          applying(
              read(
                  """
                  {apiVersion: gingham.dev/v1, kind: NetworkSet, metadata: {name: a, namespace: x}, spec: {nets: [10.0.0.0/8]}}
                  ---
                  {apiVersion: gingham.dev/v1, kind: NetworkSet, metadata: {name: b, namespace: y}, spec: {nets: [10.0.0.0/8]}}
                  ---
                  {apiVersion: gingham.dev/v1, kind: NetworkSet, metadata: {name: a, namespace: y}, spec: {nets: [10.0.0.0/8]}}
                  """)));
      assertThat(store.list(ResourceKind.NETWORK_SET, null).items())
          .extracting(r -> r.id().qualifiedName())
          .containsExactly("x/a", "y/a", "y/b");
      assertThat(store.list(ResourceKind.NETWORK_SET, "y").items()).hasSize(2);
      assertThat(store.list(ResourceKind.GLOBAL_NETWORK_SET, null).items()).isEmpty();
    }
  }

  @Nested
  @DisplayName("writes are all or nothing")
  class AllOrNothing {
    @Test
    @DisplayName("one refused change writes nothing of the others")
    void oneRefusalWritesNothing() {
      store.create(one(TIER.replace("security", "existing")));
      Map<String, String> before = contents();
      List<ResourceChange> changes = new ArrayList<>();
      changes.add(ResourceChange.create(one(TIER)));
      changes.add(ResourceChange.create(one(POLICY)));
      changes.add(ResourceChange.create(one(TIER.replace("security", "existing"))));
      assertThatThrownBy(() -> store.write(changes)).isInstanceOf(ResourceExistsException.class);
      assertThat(contents()).isEqualTo(before);
    }

    @Test
    @DisplayName("a policy in a tier the write creates is fine; in a missing tier it is refused")
    void references() {
      Map<String, String> before = contents();
      assertThatThrownBy(() -> store.create(one(POLICY)))
          .isInstanceOf(InvalidResourceException.class)
          .hasMessage(
              "NetworkPolicy prod/p: spec.tier: tier 'security' does not exist; create it first");
      assertThat(contents()).isEqualTo(before);
      WriteResult r = store.write(applying(read(POLICY + "\n---\n" + TIER)));
      assertThat(r.transactions()).isEqualTo(1);
      assertThat(r.outcomes())
          .extracting(WriteResult.Outcome::action)
          .containsExactly(WriteResult.Action.CREATED, WriteResult.Action.CREATED);
      assertThatThrownBy(() -> store.delete(ResourceId.of(ResourceKind.TIER, "security")))
          .isInstanceOf(ResourceInUseException.class)
          .hasMessage("Tier security is in use: NetworkPolicy prod/p refer to it");
      store.write(
          List.of(
              ResourceChange.delete(ResourceId.of(ResourceKind.TIER, "security")),
              ResourceChange.delete(ResourceId.of(ResourceKind.NETWORK_POLICY, "prod", "p"))));
      assertThat(store.list(ResourceKind.TIER, null).items()).isEmpty();
    }

    @Test
    @DisplayName("an endpoint's profiles must exist")
    void profiles() {
      String wep =
          "{apiVersion: gingham.dev/v1, kind: WorkloadEndpoint, metadata: {name: w, namespace: prod},"
              + " spec: {interfaceName: cali1, ipNetworks: [10.0.0.1/32], profiles: [kns.prod]}}";
      assertThatThrownBy(() -> store.create(one(wep)))
          .hasMessage(
              "WorkloadEndpoint prod/w: spec.profiles[0]: profile 'kns.prod' does not exist; create it first");
      store.create(one("{apiVersion: gingham.dev/v1, kind: Profile, metadata: {name: kns.prod}}"));
      store.create(one(wep));
      assertThatThrownBy(() -> store.delete(ResourceId.of(ResourceKind.PROFILE, "kns.prod")))
          .isInstanceOf(ResourceInUseException.class);
    }

    @Test
    @DisplayName("naming one resource twice is refused")
    void twice() {
      assertThatThrownBy(() -> store.write(applying(read(TIER + "\n---\n" + TIER))))
          .isInstanceOf(ResourceConflictException.class)
          .hasMessage("Tier security: the write changes it twice");
    }

    @Test
    @DisplayName("a write of many resources tells created, configured and unchanged apart")
    void manyResourcesReadRight() {
      // More than a read-ahead transaction holds, in several namespaces, half of them present.
      store.write(applying(read(networkSets(0, 100, 2, "10.1.0.0/16"))));
      store.write(applying(read(networkSets(0, 20, 2, "10.2.0.0/16"))));
      WriteResult r = store.write(applying(read(networkSets(0, 100, 1, "10.1.0.0/16"))));
      Map<WriteResult.Action, Long> actions = new TreeMap<>();
      for (WriteResult.Outcome o : r.outcomes()) {
        actions.merge(o.action(), 1L, Long::sum);
      }
      assertThat(actions)
          .containsExactly(
              Map.entry(WriteResult.Action.CREATED, 50L),
              Map.entry(WriteResult.Action.CONFIGURED, 10L),
              Map.entry(WriteResult.Action.UNCHANGED, 40L));
      assertThat(r.outcomes().get(3).action()).isEqualTo(WriteResult.Action.CREATED);
      assertThat(r.outcomes().get(4).action()).isEqualTo(WriteResult.Action.CONFIGURED);
      assertThat(r.outcomes().get(40).action()).isEqualTo(WriteResult.Action.UNCHANGED);
      assertThat(store.list(ResourceKind.NETWORK_SET, null).items()).hasSize(100);
    }

    private static String networkSets(int from, int to, int step, String net) {
      StringBuilder yaml = new StringBuilder();
      for (int i = from; i < to; i += step) {
        yaml.append("{apiVersion: gingham.dev/v1, kind: NetworkSet, metadata: {name: s")
            .append(i)
            .append(", namespace: ns-")
            .append(i % 7)
            .append("}, spec: {nets: [")
            .append(net)
            .append("]}}\n---\n");
      }
      return yaml.toString();
    }

    @Test
    @DisplayName("writes too large for one transaction are split, in dependency order, and say so")
    void split() {
      StringBuilder yaml = new StringBuilder();
      for (int i = 0; i < 150; i++) {
        yaml.append("{apiVersion: gingham.dev/v1, kind: GlobalNetworkPolicy, metadata: {name: p")
            .append(i)
            .append("}, spec: {tier: security}}\n---\n");
      }
      yaml.append(TIER);
      WriteResult r = store.write(applying(read(yaml.toString())));
      assertThat(r.transactions()).isGreaterThan(1);
      assertThat(r.outcomes()).hasSize(151);
      assertThat(r.outcomes().get(150).id().toString()).isEqualTo("Tier security");
      assertThat(store.list(ResourceKind.GLOBAL_NETWORK_POLICY, null).items()).hasSize(150);
    }
  }

  @Nested
  @DisplayName("the kinds IPAM keeps")
  class IpamKinds {
    static final String POOL =
        "{apiVersion: projectcalico.org/v3, kind: IPPool, metadata: {name: pool-a}, spec: {cidr: 10.65.0.0/16, natOutgoing: true}}";

    @Test
    @DisplayName("an IPPool is IPAM's pool: one record, which IPAM and the store both read")
    void poolsAreIpams() {
      Resource<IpPool> p = store.create(one(POOL).as(ResourceKind.IP_POOL));
      assertThat(ipam.pools()).containsExactly(p.spec());
      assertThat(datastore.listAll("/gingham/resources/").items()).isEmpty();
      assertThat(p.metadata().resourceVersion())
          .isEqualTo(datastore.get("/gingham/ipam/v1/pools/pool-a").orElseThrow().modRevision());
      ipam.updatePool(p.spec().toBuilder().disabled(true).build());
      assertThat(store.get(ResourceKind.IP_POOL, null, "pool-a").orElseThrow().spec().disabled())
          .isTrue();
    }

    @Test
    @DisplayName("IPAM's rules hold: no overlap, no change of CIDR")
    void ipamRules() {
      store.create(one(POOL));
      Map<String, String> before = contents();
      assertThatThrownBy(
              () ->
                  store.create(
                      one(
                          POOL.replace("pool-a", "pool-b")
                              .replace("10.65.0.0/16", "10.65.8.0/24"))))
          .isInstanceOf(InvalidResourceException.class)
          .hasMessage(
              "IPPool pool-b: spec.cidr: 10.65.8.0/24 overlaps pool 'pool-a' (10.65.0.0/16)");
      assertThatThrownBy(() -> store.apply(one(POOL.replace("10.65.0.0/16", "10.66.0.0/16"))))
          .hasMessageStartingWith("IPPool pool-a: spec.cidr: the CIDR cannot change");
      assertThat(contents()).isEqualTo(before);
    }

    @Test
    @DisplayName("a pool with addresses in use is not deleted; an empty one is")
    void poolDeletes() {
      store.create(one(POOL));
      ipam.autoAssign(AssignRequest.builder("h1", "node-1").ipv4(1).build());
      ResourceId id = ResourceId.of(ResourceKind.IP_POOL, "pool-a");
      assertThatThrownBy(() -> store.delete(id))
          .isInstanceOf(ResourceInUseException.class)
          .hasMessageContaining("1 of its addresses are assigned");
      ipam.releaseByHandle("h1");
      store.delete(id);
      assertThat(ipam.pools()).isEmpty();
    }

    @Test
    @DisplayName("the IPAMConfiguration is IPAM's configuration; deleting it restores the defaults")
    void configuration() {
      store.apply(
          one(
              "{apiVersion: projectcalico.org/v3, kind: IPAMConfiguration, metadata: {name: default}, spec: {strictAffinity: true}}"));
      assertThat(ipam.config().strictAffinity()).isTrue();
      store.delete(ResourceId.of(ResourceKind.IPAM_CONFIGURATION, "default"));
      assertThat(ipam.config()).isEqualTo(IpamConfig.DEFAULT);
      assertThat(store.list(ResourceKind.IPAM_CONFIGURATION, null).items()).isEmpty();
    }

    @Test
    @DisplayName("pools and policies in one file go in one transaction")
    void mixed() {
      long before = datastore.currentRevision();
      WriteResult r = store.write(applying(read(POOL + "\n---\n" + TIER + "\n---\n" + POLICY)));
      assertThat(r.transactions()).isEqualTo(1);
      assertThat(datastore.currentRevision()).isEqualTo(before + 1);
      assertThat(ipam.pool("pool-a")).isPresent();
    }
  }

  @Nested
  @DisplayName("restore and watch")
  class RestoreAndWatch {
    @Test
    @DisplayName("restore keeps the uid and creation time it is given")
    void restore() {
      Resource<?> r =
          one(TIER)
              .withMetadata(
                  ObjectMeta.builder("security")
                      .uid("u-1")
                      .creationTimestamp(Instant.parse("2020-01-01T00:00:00Z"))
                      .build());
      store.write(List.of(ResourceChange.restore(r)));
      Resource<Tier> back = store.get(ResourceKind.TIER, null, "security").orElseThrow();
      assertThat(back.metadata().uid()).isEqualTo("u-1");
      assertThat(back.metadata().creationTimestamp())
          .isEqualTo(Instant.parse("2020-01-01T00:00:00Z"));
    }

    @Test
    @DisplayName("a watch sees typed puts and deletes of its kinds in order, pools included")
    void watch() throws Exception {
      LinkedBlockingQueue<ResourceEvent> events = new LinkedBlockingQueue<>();
      long from = datastore.currentRevision() + 1;
      try (ResourceWatch w =
          store.watch(List.of(ResourceKind.TIER, ResourceKind.IP_POOL), from, events::add)) {
        store.create(one(TIER));
        store.create(one(POLICY)); // not watched
        store.create(one(IpamKinds.POOL));
        ipam.autoAssign(
            AssignRequest.builder("h1", "node-1").ipv4(1).build()); // blocks: not resources
        store.delete(ResourceId.of(ResourceKind.NETWORK_POLICY, "prod", "p"));
        store.delete(ResourceId.of(ResourceKind.TIER, "security"));
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          ResourceEvent e = events.poll(10, TimeUnit.SECONDS);
          assertThat(e).as("event " + i).isNotNull();
          seen.add(describe(e));
        }
        assertThat(seen)
            .containsExactly("put Tier security", "put IPPool pool-a", "deleted Tier security");
        assertThat(w.isClosed()).isFalse();
      }
    }

    @Test
    @DisplayName("a record that does not decode is reported by reads and by watches")
    void corrupt() throws Exception {
      LinkedBlockingQueue<ResourceEvent> events = new LinkedBlockingQueue<>();
      try (ResourceWatch w = store.watch(List.of(ResourceKind.TIER), 0, events::add)) {
        datastore.put(
            "/gingham/resources/v1/tiers/_cluster/bad",
            "{not json".getBytes(StandardCharsets.UTF_8));
        ResourceEvent e = events.poll(10, TimeUnit.SECONDS);
        assertThat(e).isInstanceOf(ResourceEvent.Invalid.class);
        assertThat(((ResourceEvent.Invalid) e).key())
            .isEqualTo("/gingham/resources/v1/tiers/_cluster/bad");
      }
      assertThatThrownBy(() -> store.list(ResourceKind.TIER, null))
          .isInstanceOf(ResourceDataException.class)
          .hasMessageStartingWith(
              "record /gingham/resources/v1/tiers/_cluster/bad does not decode");
    }

    @Test
    @DisplayName("a compacted history ends the watch with a resync")
    void resync() throws Exception {
      store.create(one(TIER));
      store.create(one(TIER.replace("security", "b")));
      datastore.compact(datastore.currentRevision());
      LinkedBlockingQueue<ResourceEvent> events = new LinkedBlockingQueue<>();
      try (ResourceWatch w = store.watch(List.of(ResourceKind.TIER), 1, events::add)) {
        ResourceEvent e = events.poll(10, TimeUnit.SECONDS);
        assertThat(e).isInstanceOf(ResourceEvent.ResyncRequired.class);
        assertThat(((ResourceEvent.ResyncRequired) e).reason())
            .isEqualTo(ResourceEvent.ResyncRequired.Reason.COMPACTED);
      }
    }

    private String describe(ResourceEvent e) {
      if (e instanceof ResourceEvent.Put) {
        return "put " + ((ResourceEvent.Put) e).resource().id();
      }
      if (e instanceof ResourceEvent.Deleted) {
        return "deleted " + ((ResourceEvent.Deleted) e).id();
      }
      return e.toString();
    }
  }

  static IpPrefix prefix(String s) {
    return IpPrefix.parse(s);
  }
}
