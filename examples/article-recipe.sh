#!/bin/sh
# The "multiple uplinks" article's recipe, as written, with the default lab's addresses filled in
# (lab/topology/default-topology.ts): ISP1 and ISP2 share eth0 (ISP2 as the alias eth0:0), ISP3 is on
# eth1. Run it as the fix under test:  multihome test --script examples/article-recipe.sh
#
# Left out: the article's `ifconfig` and `route add default gw $GW1` lines. The lab's router already has
# these addresses and that single default route (it is the article's host before the fix), and it has
# no net-tools.
#
# Its bugs are kept on purpose; the lab shows each one:
#  1. Port forwards stay broken. The only rules are `from <uplink address>`, and a DNAT'd reply is
#     routed while its source is still the LAN host's address (NAT is undone after routing), so no rule
#     matches: forwards that came in through ISP2 and ISP3 still leave via GW1 and die at ISP1's BCP38.
#  2. IPv6 is untouched: the recipe has no `ip -6` line; IPv6 replies for ISP2 and ISP3 still leave
#     via ISP1.
#  3. It is not idempotent. Every run appends the three table names to rt_tables again and adds the
#     three `ip rule`s again (duplicates with new priorities); the `ip route add` lines fail with
#     "File exists" on a second run.
#  4. `ip route add $NW3/$PR3 eth1 src $IP3` lacks `dev`: iproute2 refuses it ("eth1" is a garbage).
#  5. The three main-table lines `ip route add $NWn/$PRn dev … src $IPn` repeat the kernel's own
#     connected routes and fail with "File exists".
#  6. `dev eth0:0` names an alias label, not a device; it works only because the interface lookup
#     strips the ":0" and answers with eth0.
#  7. No error handling: no `set -e`, so it exits with the status of its last command, 0, whatever
#     failed before. (The article's check, `ip route list table route2`, names a table it never made.)

IP1="198.51.100.10" #interface IP
NM1="255.255.255.0" #interface netmask
NW1="198.51.100.0"  #interface network address
PR1="24"            #interface prefix (based on netmask)
GW1="198.51.100.1"  #interface gateway

IP2="192.0.2.10"
NM2="255.255.255.0"
NW2="192.0.2.0"
PR2="24"
GW2="192.0.2.1"

IP3="203.0.113.10"
NM3="255.255.255.0"
NW3="203.0.113.0"
PR3="24"
GW3="203.0.113.1"

#create tables
echo "103 WAN3" >> /etc/iproute2/rt_tables
echo "102 WAN2" >> /etc/iproute2/rt_tables
echo "101 WAN1" >> /etc/iproute2/rt_tables

#iproute2 routing
ip route add $NW1/$PR1 dev eth0 src $IP1 table WAN1
ip route add default via $GW1 table WAN1
ip route add $NW1/$PR1 dev eth0 src $IP1
ip rule add from $IP1 table WAN1
ip route add $NW2/$PR2 dev eth0:0 src $IP2 table WAN2
ip route add default via $GW2 table WAN2
ip route add $NW2/$PR2 dev eth0:0 src $IP2
ip rule add from $IP2 table WAN2
ip route add $NW3/$PR3 dev eth1 src $IP3 table WAN3
ip route add default via $GW3 table WAN3
ip route add $NW3/$PR3 eth1 src $IP3
ip rule add from $IP3 table WAN3
