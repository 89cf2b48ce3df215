#!/bin/sh
# Captures real `ip -json -N` and `nft -j` output from a throwaway network namespace into fixtures/,
# so unit tests parse what a real kernel prints. Re-runnable; needs root, iproute2 and nft.
# The namespace holds: two veths, an IPv4 address with an alias label (veth0:0), an IPv6 address,
# multihome-style tables and rules (proto 77), a foreign rule and table, linkdown and onlink routes.
set -eu
dir=$(cd "$(dirname "$0")" && pwd)/fixtures
ns="mh-fixture-$$"
mkdir -p "$dir"
trap 'ip netns del "$ns" 2>/dev/null || true' EXIT INT TERM
ip netns add "$ns"
n() { ip -n "$ns" "$@"; }
x() { ip netns exec "$ns" "$@"; }

n link set lo up
n link add veth0 type veth peer name veth1
n link add lan0 type veth peer name lan1
n link set veth0 up
n link set lan0 up
n link set lan1 up
n addr add 198.51.100.10/24 dev veth0
n addr add 203.0.113.10/24 dev veth0 label veth0:0
n addr add 2001:db8:1::10/64 dev veth0 nodad
n addr add 192.168.50.1/24 dev lan0
# multihome's own objects (protocol 77); veth0 has no carrier, so its routes are linkdown.
n route add 198.51.100.0/24 dev veth0 src 198.51.100.10 proto 77 table 101
n route add default via 198.51.100.1 dev veth0 proto 77 table 101
n route add 203.0.113.0/24 dev veth0 src 203.0.113.10 proto 77 table 102
n route add default via 203.0.113.1 dev veth0 onlink proto 77 table 102
n -6 route add 2001:db8:1::/64 dev veth0 src 2001:db8:1::10 proto 77 table 103
n -6 route add default via 2001:db8:1::1 dev veth0 proto 77 table 103
n rule add from 198.51.100.10 lookup 101 pref 10000 protocol 77
n rule add from 203.0.113.10 lookup 102 pref 10001 protocol 77
n rule add fwmark 0x1/0xff lookup 101 pref 11000 protocol 77
n -6 rule add from 2001:db8:1::10 lookup 103 pref 10002 protocol 77
# Someone else's: a rule and a table of their own, and the main default route (a boot route).
n rule add from 10.9.0.0/16 lookup 500 pref 20000
n route add 10.9.0.0/16 dev lan0 table 500
n route add default via 198.51.100.1 dev veth0
x sysctl -q -w net.ipv4.conf.all.rp_filter=1 net.ipv4.conf.veth0.rp_filter=1 net.ipv4.conf.lan0.rp_filter=0

x nft -f - <<'NFT'
table inet multihome {
	comment "0123456789abcdef"
	chain prerouting {
		type filter hook prerouting priority mangle; policy accept;
		iifname "veth0" ip daddr 198.51.100.10 ct state new ct mark set ct mark and 0xffffff00 or 0x1 comment "0123456789abcdef"
		iifname "lan0" ct mark and 0xff == 0x1 meta mark set meta mark and 0xffffff00 or 0x1
	}
}
NFT

x ip -json -N -4 route show table all >"$dir/routes4.json"
x ip -json -N -6 route show table all >"$dir/routes6.json"
x ip -json -N -4 rule show >"$dir/rules4.json"
x ip -json -N -6 rule show >"$dir/rules6.json"
x ip -json -N addr show >"$dir/addresses.json"
x nft -j list table inet multihome >"$dir/nft.json"
x sh -c 'for f in /proc/sys/net/ipv4/conf/*/rp_filter /proc/sys/net/ipv4/conf/*/src_valid_mark; do v=; read -r v < "$f"; [ -n "$v" ] && printf "%s=%s\n" "$f" "$v"; done; true' >"$dir/sysctls.txt"
echo "fixtures written to $dir"
