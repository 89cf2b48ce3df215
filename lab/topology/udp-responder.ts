// socat's `UDP-RECVFROM,fork` hands each datagram to a forked child over a signal handshake that
// socat 1.7.4 can lose when datagrams arrive together: the parent forks a second child for the same
// datagram, and the first then drops every later datagram of the port as "wrong peer" forever.
// One process reading one socket in turn has no hand-off to lose.
// Plain `Socket`, not IO::Socket::IP: it loads in a third of the time (about 10 ms against 30), and a
// lab node starts up to nine of these while `lab up` waits.
const SCRIPT = [
  'use strict; use Socket qw(:addrinfo AF_INET6 SOCK_DGRAM IPPROTO_IPV6 IPV6_V6ONLY);',
  'my ($host, $port, $v6only, @reply) = @ARGV;',
  'my ($err, $ai) = getaddrinfo($host, $port, { socktype => SOCK_DGRAM, flags => AI_PASSIVE | AI_NUMERICHOST });',
  'die "udp $host port $port: $err\\n" if $err;',
  'socket(my $s, $ai->{family}, SOCK_DGRAM, 0) or die "udp $host port $port: $!\\n";',
  'if ($ai->{family} == AF_INET6) { setsockopt($s, IPPROTO_IPV6, IPV6_V6ONLY, pack("i", $v6only)) or die "udp $host port $port: $!\\n"; }',
  'bind($s, $ai->{addr}) or die "udp $host port $port: $!\\n";',
  'while (1) {',
  '  my $peer = recv($s, my $data, 65535, 0);',
  '  send($s, @reply ? "$reply[0]\\n" : $data, 0, $peer) if defined $peer;',
  '}',
].join('\n');

/** Where a responder listens: a bound address or a wildcard, and whether `::` also takes IPv4. */
export type UdpListen = { readonly host: string; readonly port: number; readonly v6only?: boolean };

/**
 * A UDP service in one process (Perl, which every Debian system has): answers every datagram, in
 * order, from the socket it arrived on, with `reply` and a newline, or with the datagram itself.
 */
export function udpResponderArgv(listen: UdpListen, reply?: string): string[] {
  const v6only = listen.v6only === true ? '1' : '0';
  return [
    'perl',
    '-e',
    SCRIPT,
    listen.host,
    String(listen.port),
    v6only,
    ...(reply === undefined ? [] : [reply]),
  ];
}
