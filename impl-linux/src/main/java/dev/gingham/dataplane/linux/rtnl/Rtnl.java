package dev.gingham.dataplane.linux.rtnl;

/** The numbers of rtnetlink ({@code linux/rtnetlink.h}, {@code if_link.h}, {@code neighbour.h}). */
public final class Rtnl {
  private Rtnl() {}

  public static final int AF_UNSPEC = 0;
  public static final int AF_INET = 2;
  public static final int AF_BRIDGE = 7;
  public static final int AF_INET6 = 10;

  public static final int RTM_NEWLINK = 16;
  public static final int RTM_DELLINK = 17;
  public static final int RTM_GETLINK = 18;
  public static final int RTM_NEWADDR = 20;
  public static final int RTM_DELADDR = 21;
  public static final int RTM_GETADDR = 22;
  public static final int RTM_NEWROUTE = 24;
  public static final int RTM_DELROUTE = 25;
  public static final int RTM_GETROUTE = 26;
  public static final int RTM_NEWNEIGH = 28;
  public static final int RTM_DELNEIGH = 29;
  public static final int RTM_GETNEIGH = 30;

  /** Multicast groups, as a bind mask. */
  public static final int RTMGRP_LINK = 0x1;

  public static final int RTMGRP_IPV4_IFADDR = 0x10;
  public static final int RTMGRP_IPV4_ROUTE = 0x40;
  public static final int RTMGRP_IPV6_IFADDR = 0x100;
  public static final int RTMGRP_IPV6_ROUTE = 0x400;

  // struct ifinfomsg (16 bytes): family u8, pad u8, type u16, index s32, flags u32, change u32.
  public static final int IFINFOMSG = 16;
  public static final int IFF_UP = 0x1;
  public static final int IFF_LOWER_UP = 0x10000;
  public static final int ARPHRD_ETHER = 1;

  public static final int IFLA_ADDRESS = 1;
  public static final int IFLA_IFNAME = 3;
  public static final int IFLA_MTU = 4;
  public static final int IFLA_MASTER = 10;
  public static final int IFLA_LINKINFO = 18;
  public static final int IFLA_NET_NS_FD = 28;
  public static final int IFLA_EXT_MASK = 29;
  public static final int IFLA_MAX = 64;
  public static final int RTEXT_FILTER_SKIP_STATS = 1 << 3;

  public static final int IFLA_INFO_KIND = 1;
  public static final int IFLA_INFO_DATA = 2;
  public static final int VETH_INFO_PEER = 1;

  public static final int IFLA_VXLAN_ID = 1;
  public static final int IFLA_VXLAN_LINK = 3;
  public static final int IFLA_VXLAN_LOCAL = 4;
  public static final int IFLA_VXLAN_LEARNING = 7;
  public static final int IFLA_VXLAN_PORT = 15;
  public static final int IFLA_VXLAN_LOCAL6 = 17;

  public static final int IFLA_IPTUN_LINK = 1;
  public static final int IFLA_IPTUN_LOCAL = 2;
  public static final int IFLA_IPTUN_REMOTE = 3;
  public static final int IFLA_IPTUN_TTL = 4;
  public static final int IFLA_IPTUN_TOS = 5;
  public static final int IFLA_IPTUN_PROTO = 9;
  public static final int IFLA_IPTUN_PMTUDISC = 10;
  public static final int IFLA_IPTUN_ENCAP_TYPE = 15;
  public static final int IFLA_IPTUN_ENCAP_FLAGS = 16;
  public static final int IFLA_IPTUN_ENCAP_SPORT = 17;
  public static final int IFLA_IPTUN_ENCAP_DPORT = 18;
  public static final int IFLA_IPTUN_FWMARK = 20;

  // struct ifaddrmsg (8 bytes): family u8, prefixlen u8, flags u8, scope u8, index u32.
  public static final int IFADDRMSG = 8;
  public static final int IFA_ADDRESS = 1;
  public static final int IFA_LOCAL = 2;
  public static final int IFA_MAX = 12;

  // struct rtmsg (12 bytes): family, dst_len, src_len, tos, table, protocol, scope, type (u8
  // each), flags u32.
  public static final int RTMSG = 12;
  public static final int RT_TABLE_UNSPEC = 0;
  public static final int RT_SCOPE_NOWHERE = 255;
  public static final int RTM_F_CLONED = 0x200;
  public static final int RTA_DST = 1;
  public static final int RTA_OIF = 4;
  public static final int RTA_GATEWAY = 5;
  public static final int RTA_PRIORITY = 6;
  public static final int RTA_PREFSRC = 7;
  public static final int RTA_METRICS = 8;
  public static final int RTA_MULTIPATH = 9;
  public static final int RTA_TABLE = 15;
  public static final int RTA_VIA = 18;
  public static final int RTA_MAX = 32;
  public static final int RTAX_MTU = 2;
  public static final int RTAX_MAX = 20;
  public static final int RTNH_F_ONLINK = 4;
  // struct rtnexthop (8 bytes): len u16, flags u8, hops u8, ifindex s32.
  public static final int RTNEXTHOP = 8;

  // struct ndmsg (12 bytes): family u8, pad u8, pad u16, ifindex s32, state u16, flags u8, type u8.
  public static final int NDMSG = 12;
  public static final int NDA_DST = 1;
  public static final int NDA_LLADDR = 2;
  public static final int NDA_MAX = 16;
  public static final int NUD_NOARP = 0x40;
  public static final int NUD_PERMANENT = 0x80;
  public static final int NTF_SELF = 0x02;
  public static final int NTF_PROXY = 0x08;
}
