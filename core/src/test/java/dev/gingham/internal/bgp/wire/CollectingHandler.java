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
  final List<AddressFamily> endOfRib = new ArrayList<>();
  final List<String> malformed = new ArrayList<>();

  @Override
  public void withdrawIpv4(int address, int length) {
    withdrawn.add(IpPrefix.of(Ipv4Address.of(address), length));
  }

  @Override
  public void withdrawIpv6(long high, long low, int length) {
    withdrawn.add(IpPrefix.of(Ipv6Address.of(high, low), length));
  }

  @Override
  public void announceIpv4(int address, int length, PathAttributes attributes) {
    announced.put(IpPrefix.of(Ipv4Address.of(address), length), attributes);
  }

  @Override
  public void announceIpv6(long high, long low, int length, PathAttributes attributes) {
    announced.put(IpPrefix.of(Ipv6Address.of(high, low), length), attributes);
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
