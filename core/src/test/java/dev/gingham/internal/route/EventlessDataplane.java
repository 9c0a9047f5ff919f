package dev.gingham.internal.route;

import dev.gingham.spi.dataplane.Addresses;
import dev.gingham.spi.dataplane.Dataplane;
import dev.gingham.spi.dataplane.DataplaneEvent;
import dev.gingham.spi.dataplane.DataplaneListener;
import dev.gingham.spi.dataplane.Links;
import dev.gingham.spi.dataplane.Namespaces;
import dev.gingham.spi.dataplane.Neighbours;
import dev.gingham.spi.dataplane.NetworkNamespace;
import dev.gingham.spi.dataplane.Routes;
import dev.gingham.spi.dataplane.Subscription;
import dev.gingham.spi.dataplane.Sysctls;
import dev.gingham.spi.dataplane.filter.PacketFilter;
import java.util.Set;

/**
 * A real dataplane whose events are lost: every call goes through, but a subscription hears
 * nothing. It stands for a kernel that dropped notifications without an overflow being noticed.
 */
final class EventlessDataplane implements Dataplane {
  private final Dataplane real;

  EventlessDataplane(Dataplane real) {
    this.real = real;
  }

  @Override
  public String name() {
    return real.name();
  }

  @Override
  public Namespaces namespaces() {
    return real.namespaces();
  }

  @Override
  public Links links() {
    return real.links();
  }

  @Override
  public Addresses addresses() {
    return real.addresses();
  }

  @Override
  public Routes routes() {
    return real.routes();
  }

  @Override
  public Neighbours neighbours() {
    return real.neighbours();
  }

  @Override
  public Sysctls sysctls() {
    return real.sysctls();
  }

  @Override
  public PacketFilter packetFilter() {
    return real.packetFilter();
  }

  @Override
  public Subscription subscribe(
      NetworkNamespace namespace, Set<DataplaneEvent.Topic> topics, DataplaneListener listener) {
    return new Subscription() {
      private volatile boolean closed;

      @Override
      public boolean isClosed() {
        return closed;
      }

      @Override
      public void close() {
        closed = true;
      }
    };
  }

  @Override
  public void close() {
    real.close();
  }
}
