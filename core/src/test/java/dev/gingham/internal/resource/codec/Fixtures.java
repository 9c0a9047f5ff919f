package dev.gingham.internal.resource.codec;

/** Documents of every kind, as users write them. */
final class Fixtures {
  private Fixtures() {}

  static final String EVERY_KIND =
      """
      apiVersion: projectcalico.org/v3
      kind: IPAMConfiguration
      metadata: {name: default}
      spec: {strictAffinity: true, maxBlocksPerHost: 4}
      ---
      apiVersion: projectcalico.org/v3
      kind: IPPool
      metadata: {name: pool-a}
      spec:
        cidr: 10.65.0.0/16
        blockSize: 24
        ipipMode: CrossSubnet
        natOutgoing: true
        nodeSelector: "rack == 'a'"
      ---
      apiVersion: gingham.dev/v1
      kind: IPReservation
      metadata: {name: edge}
      spec: {reservedCIDRs: [10.65.0.0/28, 10.65.255.255]}
      ---
      apiVersion: projectcalico.org/v3
      kind: BGPConfiguration
      metadata: {name: default}
      spec:
        logSeverityScreen: Info
        nodeToNodeMeshEnabled: false
        asNumber: 63400
        serviceClusterIPs: [{cidr: 10.96.0.0/12}]
        communities: [{name: bgp-large-community, value: '63400:300:100'}]
        prefixAdvertisements:
        - cidr: 172.218.4.0/26
          communities: [bgp-large-community, '63400:120']
        nodeMeshMaxRestartTime: 2m
      ---
      apiVersion: projectcalico.org/v3
      kind: BGPPeer
      metadata: {name: rack1-tor}
      spec: {peerIP: 192.20.30.40, asNumber: 64567, nodeSelector: "rack == 'rack-1'"}
      ---
      apiVersion: projectcalico.org/v3
      kind: BGPPeer
      metadata: {name: rr}
      spec: {peerSelector: "route-reflector == 'true'", keepOriginalNextHop: true}
      ---
      apiVersion: projectcalico.org/v3
      kind: Node
      metadata: {name: node-1, labels: {rack: a}}
      spec:
        bgp: {ipv4Address: 192.0.2.10/24, asNumber: 64512, routeReflectorClusterID: 224.0.0.1}
        addresses: [{address: 192.0.2.10, type: InternalIP}]
        orchRefs: [{nodeName: node-1, orchestrator: k8s}]
      ---
      apiVersion: projectcalico.org/v3
      kind: Tier
      metadata: {name: security}
      spec: {order: 100}
      ---
      apiVersion: projectcalico.org/v3
      kind: Profile
      metadata: {name: kns.prod}
      spec:
        labelsToApply: {pcns.team: a}
        ingress: [{action: Allow}]
        egress: [{action: Allow}]
      ---
      apiVersion: projectcalico.org/v3
      kind: GlobalNetworkSet
      metadata: {name: partners, labels: {app: partner}}
      spec: {nets: [198.51.100.0/24]}
      ---
      apiVersion: projectcalico.org/v3
      kind: NetworkSet
      metadata: {name: office, namespace: prod, labels: {role: office}}
      spec: {nets: [203.0.113.0/24]}
      ---
      apiVersion: projectcalico.org/v3
      kind: GlobalNetworkPolicy
      metadata: {name: security.deny-smtp}
      spec:
        tier: security
        order: 10
        selector: all()
        types: [Egress]
        egress:
        - action: Deny
          protocol: TCP
          destination: {ports: [25, '465:587']}
        - action: Pass
      ---
      apiVersion: projectcalico.org/v3
      kind: NetworkPolicy
      metadata: {name: allow-web, namespace: prod}
      spec:
        selector: app == 'web'
        ingress:
        - action: Allow
          protocol: TCP
          source: {selector: role == 'frontend', notNets: [10.0.0.0/8]}
          destination: {ports: [80, http]}
        - action: Allow
          protocol: ICMP
          icmp: {type: 8, code: 0}
      ---
      apiVersion: projectcalico.org/v3
      kind: HostEndpoint
      metadata: {name: node-1-eth0, labels: {role: node}}
      spec: {node: node-1, interfaceName: eth0, expectedIPs: [192.0.2.10], profiles: [kns.prod]}
      ---
      apiVersion: projectcalico.org/v3
      kind: WorkloadEndpoint
      metadata: {name: node-1-k8s-web-eth0, namespace: prod, labels: {app: web}}
      spec:
        node: node-1
        orchestrator: k8s
        pod: web
        endpoint: eth0
        containerID: c0ffee
        interfaceName: cali0ef24b1
        mac: ca:fe:1d:52:bb:e9
        ipNetworks: [10.65.0.5/32]
        profiles: [kns.prod]
        ports: [{name: http, protocol: TCP, port: 8080}]
      """;
}
