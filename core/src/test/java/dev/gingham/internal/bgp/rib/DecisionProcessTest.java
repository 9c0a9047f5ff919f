package dev.gingham.internal.bgp.rib;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gingham.bgp.AsPath;
import dev.gingham.bgp.Origin;
import dev.gingham.bgp.PathAttributes;
import dev.gingham.net.IpAddress;
import dev.gingham.net.Ipv4Address;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The RFC 4271 section 9.1.2.2 steps, each decided by one difference between two candidates. */
class DecisionProcessTest {
  static final PathSource EBGP_A = PathSource.peer(IpAddress.parse("192.0.2.1"), 0x0A000001, true);
  static final PathSource EBGP_B = PathSource.peer(IpAddress.parse("192.0.2.2"), 0x0A000002, true);
  static final PathSource IBGP_C = PathSource.peer(IpAddress.parse("192.0.2.3"), 0x0A000003, false);

  static PathAttributes.Builder attrs() {
    return PathAttributes.builder()
        .asPath(AsPath.sequence(65001, 65002))
        .nextHop(Ipv4Address.parse("198.51.100.1"));
  }

  static Candidate winner(DecisionProcess d, Candidate... c) {
    return c[d.best(c, c.length)];
  }

  final DecisionProcess plain = new DecisionProcess(false, nh -> 0);

  @Nested
  class EachStepDecides {
    @Test
    void theHigherLocalPrefWins() {
      Candidate low = EBGP_A.candidate(attrs().localPref(100).build());
      Candidate high =
          EBGP_B.candidate(attrs().localPref(200).asPath(AsPath.sequence(1, 2, 3, 4)).build());
      assertThat(winner(plain, low, high)).isSameAs(high);
    }

    @Test
    void theShorterAsPathWinsAndASetCountsOnce() {
      Candidate longer = EBGP_A.candidate(attrs().asPath(AsPath.sequence(1, 2, 3)).build());
      Candidate shorter = EBGP_B.candidate(attrs().asPath(AsPath.parse("1 {2,3,4,5}")).build());
      assertThat(winner(plain, longer, shorter)).isSameAs(shorter);
    }

    @Test
    void theLowerOriginWins() {
      Candidate incomplete = EBGP_A.candidate(attrs().origin(Origin.INCOMPLETE).build());
      Candidate egp = EBGP_B.candidate(attrs().origin(Origin.EGP).build());
      assertThat(winner(plain, incomplete, egp)).isSameAs(egp);
    }

    @Test
    void theLowerMedWinsWithinOneNeighbouringAs() {
      Candidate high = EBGP_A.candidate(attrs().med(50).build());
      Candidate low = EBGP_B.candidate(attrs().med(10).build());
      assertThat(winner(plain, high, low)).isSameAs(low);
    }

    @Test
    void medsFromDifferentNeighbouringAsesAreNotComparedUnlessAlwaysCompareMed() {
      Candidate highFromA = EBGP_A.candidate(attrs().med(50).build());
      Candidate lowFromOtherAs =
          EBGP_B.candidate(attrs().asPath(AsPath.sequence(65009, 65002)).med(10).build());
      // Without MED, the lower router id (A) wins.
      assertThat(winner(plain, highFromA, lowFromOtherAs)).isSameAs(highFromA);
      assertThat(winner(new DecisionProcess(true, nh -> 0), highFromA, lowFromOtherAs))
          .isSameAs(lowFromOtherAs);
    }

    @Test
    void eBgpBeatsIBgp() {
      Candidate internal = IBGP_C.candidate(attrs().build());
      Candidate external = EBGP_B.candidate(attrs().build());
      assertThat(winner(plain, internal, external)).isSameAs(external);
    }

    @Test
    void theLowerIgpCostToTheNextHopWins() {
      Map<IpAddress, Long> costs =
          Map.of(IpAddress.parse("198.51.100.1"), 20L, IpAddress.parse("198.51.100.2"), 5L);
      DecisionProcess igp = new DecisionProcess(false, costs::get);
      Candidate far = EBGP_A.candidate(attrs().build());
      Candidate near = EBGP_B.candidate(attrs().nextHop(Ipv4Address.parse("198.51.100.2")).build());
      assertThat(winner(igp, far, near)).isSameAs(near);
    }

    @Test
    void theLowerRouterIdWinsAndOriginatorIdStandsInForIt() {
      Candidate a = EBGP_A.candidate(attrs().build());
      Candidate b = EBGP_B.candidate(attrs().build());
      assertThat(winner(plain, b, a)).isSameAs(a);
      Candidate bViaLowOriginator =
          EBGP_B.candidate(attrs().originatorId(Ipv4Address.parse("1.1.1.1")).build());
      assertThat(winner(plain, a, bViaLowOriginator)).isSameAs(bViaLowOriginator);
    }

    @Test
    void theShorterClusterListWins() {
      PathSource sameId = PathSource.peer(IpAddress.parse("192.0.2.9"), 0x0A000001, true);
      Candidate longer =
          EBGP_A.candidate(
              attrs()
                  .clusterList(List.of(Ipv4Address.parse("1.1.1.1"), Ipv4Address.parse("2.2.2.2")))
                  .build());
      Candidate shorter =
          sameId.candidate(attrs().clusterList(List.of(Ipv4Address.parse("3.3.3.3"))).build());
      assertThat(winner(plain, longer, shorter)).isSameAs(shorter);
    }

    @Test
    void theLowerPeerAddressBreaksTheLastTie() {
      PathSource low = PathSource.peer(IpAddress.parse("192.0.2.10"), 7, true);
      PathSource high = PathSource.peer(IpAddress.parse("192.0.2.20"), 7, true);
      Candidate a = high.candidate(attrs().build());
      Candidate b = low.candidate(attrs().build());
      assertThat(winner(plain, a, b)).isSameAs(b);
    }

    @Test
    void locallyOriginatedRoutesComeFirst() {
      Candidate local =
          PathSource.local(0x0A0000FF)
              .candidate(
                  PathAttributes.builder()
                      .localPref(1)
                      .asPath(AsPath.sequence(1, 2, 3, 4, 5))
                      .build());
      Candidate learned = EBGP_A.candidate(attrs().localPref(1000).build());
      assertThat(winner(plain, learned, local)).isSameAs(local);
    }
  }

  @Test
  void theLocRibReportsBestPathChangesAndReleasesIdsItNoLongerNeeds() {
    PrefixIndex index = new PrefixIndex();
    java.util.List<String> changes = new java.util.ArrayList<>();
    LocRib rib =
        new LocRib(
            index,
            plain,
            (id, prev, best) ->
                changes.add(
                    (prev == null ? "-" : prev.source().toString())
                        + ">"
                        + (best == null ? "-" : best.source().toString())));
    int id = index.ipv4(0x0A000000, 8);
    Candidate a = EBGP_A.candidate(attrs().build());
    Candidate b = EBGP_B.candidate(attrs().localPref(500).build());
    rib.update(id, EBGP_A, a);
    rib.update(id, EBGP_B, b);
    rib.update(id, EBGP_B, null);
    rib.update(id, EBGP_A, null);
    assertThat(changes)
        .containsExactly(
            "->192.0.2.1", "192.0.2.1>192.0.2.2", "192.0.2.2>192.0.2.1", "192.0.2.1>-");
    assertThat(rib.size()).isZero();
    assertThat(index.size()).isZero();
  }
}
