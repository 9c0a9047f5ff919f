package dev.gingham.internal.resource.codec;

import dev.gingham.ipam.AllowedUse;
import dev.gingham.ipam.EncapsulationMode;
import dev.gingham.ipam.InvalidPoolException;
import dev.gingham.ipam.IpPool;
import dev.gingham.ipam.IpReservation;
import dev.gingham.ipam.IpamConfig;
import dev.gingham.net.IpPrefix;
import dev.gingham.resource.ObjectMeta;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** The specs of the kinds IPAM keeps: IPPool, IPReservation, IPAMConfiguration. Stateless. */
final class IpamSpecCodecs {
  private static final List<String> POOL_FIELDS =
      List.of(
          "cidr",
          "blockSize",
          "ipipMode",
          "vxlanMode",
          "natOutgoing",
          "disabled",
          "disableBGPExport",
          "nodeSelector",
          "allowedUses",
          "assignmentMode",
          "reservedAtBlockStart",
          "reservedAtBlockEnd");

  private IpamSpecCodecs() {}

  static final SpecCodec<IpPool> POOL =
      new SpecCodec<>() {
        @Override
        public IpPool decode(Tree spec, ObjectMeta meta) {
          spec.refuse("namespaceSelector", "pool namespace selectors are not supported by Gingham")
              .refuse("ipip", "the v1 'ipip' field is gone; use ipipMode")
              .refuse("nat-outgoing", "the v1 'nat-outgoing' field is gone; use natOutgoing")
              .refuseUnless(
                  "assignmentMode",
                  "Automatic",
                  "only the Automatic assignment mode is supported by Gingham")
              .requireOnly(POOL_FIELDS);
          Tree cidrTree = spec.get("cidr");
          String cidrText = cidrTree.requiredString();
          IpPrefix cidr = cidrTree.wrap(() -> IpPrefix.parse(cidrText));
          IpPool.Builder b = IpPool.builder(meta.name(), cidr);
          // Built after each group of fields, so that an error names the field that broke it.
          Integer blockSize = spec.get("blockSize").integer();
          if (blockSize != null) {
            b.blockSize(blockSize);
          }
          check(spec.get(blockSize != null ? "blockSize" : "cidr"), b::build, meta.name());
          String ipip = spec.get("ipipMode").string();
          if (ipip != null) {
            b.ipipMode(spec.get("ipipMode").wrap(() -> EncapsulationMode.parse(ipip)));
          }
          check(spec.get("ipipMode"), b::build, meta.name());
          String vxlan = spec.get("vxlanMode").string();
          if (vxlan != null) {
            b.vxlanMode(spec.get("vxlanMode").wrap(() -> EncapsulationMode.parse(vxlan)));
          }
          check(spec.get("vxlanMode"), b::build, meta.name());
          b.natOutgoing(spec.get("natOutgoing").bool(false))
              .disabled(spec.get("disabled").bool(false))
              .disableBgpExport(spec.get("disableBGPExport").bool(false));
          String selector = spec.get("nodeSelector").string();
          if (selector != null) {
            b.nodeSelector(selector);
          }
          check(spec.get("nodeSelector"), b::build, meta.name());
          Tree usesTree = spec.get("allowedUses");
          if (!usesTree.isMissing()) {
            Set<AllowedUse> uses = EnumSet.noneOf(AllowedUse.class);
            for (Tree u : usesTree.list()) {
              String text = u.requiredString();
              uses.add(u.wrap(() -> AllowedUse.parse(text)));
            }
            b.allowedUses(uses);
          }
          check(usesTree, b::build, meta.name());
          Integer start = spec.get("reservedAtBlockStart").integer();
          Integer end = spec.get("reservedAtBlockEnd").integer();
          b.reservedPerBlock(start == null ? 0 : start, end == null ? 0 : end);
          return check(spec.get("reservedAtBlockStart"), b::build, meta.name());
        }

        @Override
        public Map<String, Object> encode(IpPool p) {
          List<String> uses = new ArrayList<>();
          for (AllowedUse u : AllowedUse.values()) {
            if (p.allows(u)) {
              uses.add(u.text());
            }
          }
          return new Out()
              .text("cidr", p.cidr())
              .put("blockSize", p.blockSize())
              .put("ipipMode", p.ipipMode().text())
              .put("vxlanMode", p.vxlanMode().text())
              .put("natOutgoing", p.natOutgoing())
              .put("disabled", p.disabled())
              .put("disableBGPExport", p.disableBgpExport())
              .put("nodeSelector", p.nodeSelector())
              .put("allowedUses", uses)
              .put(
                  "reservedAtBlockStart",
                  p.reservedAtBlockStart() == 0 ? null : p.reservedAtBlockStart())
              .put(
                  "reservedAtBlockEnd", p.reservedAtBlockEnd() == 0 ? null : p.reservedAtBlockEnd())
              .fields();
        }
      };

  /** Builds, turning a pool's refusal into an error at {@code at}, without the pool's name. */
  private static IpPool check(Tree at, Supplier<IpPool> build, String name) {
    try {
      return build.get();
    } catch (InvalidPoolException e) {
      String prefix = "invalid pool '" + name + "': ";
      String m = String.valueOf(e.getMessage());
      throw at.error(m.startsWith(prefix) ? m.substring(prefix.length()) : m);
    }
  }

  static final SpecCodec<IpReservation> RESERVATION =
      new SpecCodec<>() {
        @Override
        public IpReservation decode(Tree spec, ObjectMeta meta) {
          spec.requireOnly(List.of("reservedCIDRs"));
          Tree cidrs = spec.get("reservedCIDRs");
          List<IpPrefix> list = RuleCodec.nets(cidrs);
          if (list.isEmpty()) {
            throw cidrs.error("needs at least one CIDR");
          }
          return cidrs.wrap(() -> IpReservation.of(meta.name(), list));
        }

        @Override
        public Map<String, Object> encode(IpReservation r) {
          return new Out().texts("reservedCIDRs", r.cidrs()).fields();
        }
      };

  static final SpecCodec<IpamConfig> CONFIG =
      new SpecCodec<>() {
        @Override
        public IpamConfig decode(Tree spec, ObjectMeta meta) {
          spec.refuse("kubeVirtVMAddressPersistence", "KubeVirt is not supported by Gingham")
              .requireOnly(
                  List.of(
                      "strictAffinity", "autoAllocateBlocks", "maxBlocksPerHost", "ipCooldown"));
          IpamConfig.Builder b = IpamConfig.builder();
          Tree max = spec.get("maxBlocksPerHost");
          Integer blocks = max.integer();
          // Calico writes 0 for "the default"; Gingham's default is 20 (see docs/decisions.md).
          if (blocks != null && blocks != 0) {
            b.maxBlocksPerHost(blocks);
            max.wrap(b::build);
          }
          Tree cooldown = spec.get("ipCooldown");
          String cooldownText = cooldown.string();
          if (cooldownText != null) {
            Duration d = cooldown.wrap(() -> GoDurations.parse(cooldownText));
            b.ipCooldown(d);
            cooldown.wrap(b::build);
          }
          b.strictAffinity(spec.get("strictAffinity").bool(false))
              .autoAllocateBlocks(spec.get("autoAllocateBlocks").bool(true));
          return spec.get("strictAffinity").wrap(b::build);
        }

        @Override
        public Map<String, Object> encode(IpamConfig c) {
          return new Out()
              .put("strictAffinity", c.strictAffinity())
              .put("autoAllocateBlocks", c.autoAllocateBlocks())
              .put("maxBlocksPerHost", c.maxBlocksPerHost())
              .put(
                  "ipCooldown", c.ipCooldown().isZero() ? null : GoDurations.format(c.ipCooldown()))
              .fields();
        }
      };
}
