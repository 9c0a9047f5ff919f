package dev.gingham.internal.policy.nft;

import dev.gingham.policy.Protocol;
import dev.gingham.policy.Selector;
import java.util.List;

/**
 * What a named-port set holds: for each endpoint the selector matches, its address, protocol and
 * port number for each of the names with that protocol.
 */
record NamedPortKey(Selector selector, Protocol protocol, List<String> names) {
  NamedPortKey {
    names = names.stream().sorted().distinct().toList();
  }

  String setName() {
    return "np-" + Ids.of(selector.id() + "|" + protocol.number() + "|" + names);
  }
}
