package dev.gingham.internal.bgp.wire;

import dev.gingham.bgp.AddressFamily;
import dev.gingham.bgp.PathAttributes;
import dev.gingham.net.IpPrefix;
import dev.gingham.net.Ipv4Address;
import dev.gingham.net.Ipv6Address;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Records what an UPDATE said, for tests. */
final class CollectingHandler implements UpdateHandler {
  final List<IpPrefix> withdrawn = new ArrayList<>();
  final Map<IpPrefix, PathAttributes> announced = new LinkedHashMap<>();

  /** Every announcement and withdrawal as "prefix#pathId", in order; withdrawals start with '-'. */
  final List<String> paths = new ArrayList<>();

  final List<AddressFamily> endOfRib = new ArrayList<>();
  final List<String> malformed = new ArrayList<>();

  @Override
  public void withdrawIpv4(int pathId, int address, int length) {
    IpPrefix p = IpPrefix.of(Ipv4Address.of(address), length);
    withdrawn.add(p);
    paths.add("-" + p + "#" + Integer.toUnsignedString(pathId));
  }

  @Override
  public void withdrawIpv6(int pathId, long high, long low, int length) {
    IpPrefix p = IpPrefix.of(Ipv6Address.of(high, low), length);
    withdrawn.add(p);
    paths.add("-" + p + "#" + Integer.toUnsignedString(pathId));
  }

  @Override
  public void announceIpv4(int pathId, int address, int length, PathAttributes attributes) {
    IpPrefix p = IpPrefix.of(Ipv4Address.of(address), length);
    announced.put(p, attributes);
    paths.add(p + "#" + Integer.toUnsignedString(pathId));
  }

  @Override
  public void announceIpv6(int pathId, long high, long low, int length, PathAttributes attributes) {
    IpPrefix p = IpPrefix.of(Ipv6Address.of(high, low), length);
    announced.put(p, attributes);
    paths.add(p + "#" + Integer.toUnsignedString(pathId));
  }

  @Override
  public void endOfRib(AddressFamily family) {
    endOfRib.add(family);
  }

  @Override
  public void malformed(String reason) {
    malformed.add(reason);
  }
}
