import { LAN, PORTS, ROUTER_ADDRESSES } from './layout.js';

/**
 * The router's own port forwards, foreign to multihome: every IPv4 uplink address, tcp/8080, to the
 * LAN server's port 80. Their replies are what `from <address>` rules can never catch.
 */
export function portForwardRuleset(): string {
  const addresses = ROUTER_ADDRESSES.filter((entry) => entry.family === 4).map((entry) => entry.address);
  return [
    'table ip portfwd {',
    '  chain prerouting {',
    '    type nat hook prerouting priority dstnat; policy accept;',
    `    ip daddr { ${addresses.join(', ')} } tcp dport ${PORTS.forward} dnat to ${LAN.server}:${LAN.port}`,
    '  }',
    '}',
    '',
  ].join('\n');
}
