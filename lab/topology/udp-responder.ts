// socat's `UDP-RECVFROM,fork` hands each datagram to a forked child over a signal handshake that
// socat 1.7.4 can lose when datagrams arrive together: the parent forks a second child for the same
// datagram, and the first then drops every later datagram of the port as "wrong peer" forever.
// One process reading one socket in turn has no hand-off to lose.
// Plain `Socket`, not IO::Socket::IP: it loads in a third of the time (about 10 ms against 30). One
// process binds every UDP socket of its node and serves them with select(): the router has up to
// nine, and one Perl per socket cost each lab up a Perl start (about 16 ms of CPU) per socket.
// Arguments: the reply ('' echoes the datagram), then host, port and v6only per socket.
const SCRIPT = [
  'use strict; use Socket qw(:addrinfo AF_INET6 SOCK_DGRAM IPPROTO_IPV6 IPV6_V6ONLY);',
  'my ($reply, @spec) = @ARGV; my @socks; my $all = "";',
  'while (my ($host, $port, $v6only) = splice(@spec, 0, 3)) {',
  '  my ($err, $ai) = getaddrinfo($host, $port, { socktype => SOCK_DGRAM, flags => AI_PASSIVE | AI_NUMERICHOST });',
  '  die "udp $host port $port: $err\\n" if $err;',
  '  socket(my $s, $ai->{family}, SOCK_DGRAM, 0) or die "udp $host port $port: $!\\n";',
  '  if ($ai->{family} == AF_INET6) { setsockopt($s, IPPROTO_IPV6, IPV6_V6ONLY, pack("i", $v6only)) or die "udp $host port $port: $!\\n"; }',
  '  bind($s, $ai->{addr}) or die "udp $host port $port: $!\\n";',
  '  push @socks, $s; vec($all, fileno($s), 1) = 1;',
  '}',
  'while (1) {',
  '  select(my $ready = $all, undef, undef, undef) > 0 or next;',
  '  for my $s (@socks) {',
  '    next unless vec($ready, fileno($s), 1);',
  '    my $peer = recv($s, my $data, 65535, 0);',
  '    send($s, length($reply) ? "$reply\\n" : $data, 0, $peer) if defined $peer;',
  '  }',
  '}',
].join('\n');

/** Where a responder listens: a bound address or a wildcard, and whether `::` also takes IPv4. */
export type UdpListen = { readonly host: string; readonly port: number; readonly v6only?: boolean };

/**
 * UDP services in one process (Perl, which every Debian system has): answers every datagram, in
 * order, from the socket it arrived on, with `reply` and a newline, or with the datagram itself.
 */
export function udpResponderArgv(listens: readonly UdpListen[], reply?: string): string[] {
  return [
    'perl',
    '-e',
    SCRIPT,
    reply ?? '',
    ...listens.flatMap((listen) => [listen.host, String(listen.port), listen.v6only === true ? '1' : '0']),
  ];
}
