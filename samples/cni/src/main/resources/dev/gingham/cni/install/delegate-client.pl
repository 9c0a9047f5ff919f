# The delegate client of Gingham's CNI launchers, written by `gingham cni install`.
#
# Usage: perl delegate-client.pl SOCKET PLUGIN COMMAND...
#
# Forwards one plugin call to the delegate server on SOCKET: the request frame is PLUGIN, LF, the
# environment as NUL-terminated NAME=VALUE entries, an empty entry, then stdin; the answer is the
# greeting "GINGHAM-CNI/1" LF (sent by the server before it reads anything), then
# "EXIT OUTLEN ERRLEN" LF, stdout and stderr. It prints the answer's stdout and stderr and exits
# with its status.
#
# Without a greeting (no server, a stale socket, a full queue, or a server that does not greet
# within 10 s) the request was never sent, so it execs COMMAND (the plugin's JVM) on the untouched
# stdin. With a greeting but not a whole, well-formed answer (within 600 s), the server failed
# while it held the request: it prints CNI error 11 (try again later) and exits 1, never 0.
#
# It loads no module on purpose: `use Socket` alone costs several milliseconds, more than the rest
# of the client. The constants are Linux's (AF_UNIX = SOCK_STREAM = 1, SHUT_WR = 1), the only
# kernel the plugin runs on. The script is also checked under `use strict` by the tests.

my ($sock, $plugin) = splice(@ARGV, 0, 2);
my $greeting = "GINGHAM-CNI/1\n";

sub run_here {
  close(S);
  exec { $ARGV[0] } @ARGV or do {
    print STDERR "gingham: cannot run $ARGV[0]: $!\n";
    print "{\"cniVersion\":\"1.1.0\",\"code\":100,\"msg\":\"cannot run the plugin's JVM\"}\n";
    exit 1;
  };
}

# Reads until EOF or $max bytes within $seconds; returns what came, or undef after a read error.
sub read_bounded {
  my ($max, $seconds) = @_;
  my $buf = '';
  my $ok = eval {
    local $SIG{ALRM} = sub { die "timeout\n" };
    alarm $seconds;
    while (length($buf) < $max) {
      my $n = sysread(S, $buf, $max - length($buf), length($buf));
      die "read: $!\n" unless defined $n;
      last if $n == 0;
    }
    alarm 0;
    1;
  };
  alarm 0;
  return $ok ? $buf : undef;
}

# Writes $len bytes of $buf from $off; returns whether all were written.
sub write_all {
  my ($fh, $buf, $off, $len) = @_;
  while ($len > 0) {
    my $n = syswrite($fh, $buf, $len, $off);
    return 0 unless $n;
    $off += $n;
    $len -= $n;
  }
  return 1;
}

run_here() if length($sock) > 107;
socket(S, 1, 1, 0) or run_here();
connect(S, pack('S Z*', 1, $sock)) or run_here();
my $g = read_bounded(length($greeting), 10);
run_here() unless defined $g && $g eq $greeting;

binmode STDIN;
binmode STDOUT;
binmode STDERR;
my $in = '';
while (1) {
  my $n = sysread(STDIN, $in, 65536, length($in));
  last unless $n;
}
my $frame = "$plugin\n";
for my $k (keys %ENV) {
  $frame .= "$k=$ENV{$k}\0";
}
$frame .= "\0" . $in;

# A server that stops reading (it refused the request) may still answer: read what it sent.
$SIG{PIPE} = 'IGNORE';
write_all(\*S, $frame, 0, length($frame));
shutdown(S, 1);
my $answer = read_bounded(2 * (16 << 20) + 64, 600);

my $why = 'ended without a whole answer';
if (defined $answer && $answer =~ /\A(\d{1,3}) (\d{1,9}) (\d{1,9})\n/) {
  my ($exit, $nout, $nerr, $h) = ($1, $2, $3, $+[0]);
  if ($exit <= 255 && length($answer) == $h + $nout + $nerr) {
    write_all(\*STDOUT, $answer, $h, $nout) or exit 1;
    write_all(\*STDERR, $answer, $h + $nout, $nerr);
    exit $exit;
  }
  $why = 'sent a malformed answer' if length($answer) > $h + $nout + $nerr || $exit > 255;
} elsif (defined $answer && ($answer =~ /\n/ || $answer =~ /[^0-9 ]/)) {
  $why = 'sent a malformed answer';
}
my $version = $in =~ /"cniVersion"\s*:\s*"([0-9.]*)"/ ? $1 : '1.1.0';
(my $where = $sock) =~ s/[\x00-\x1f"\\]//g;
print "{\"cniVersion\":\"$version\",\"code\":11,\"msg\":\"the delegate server at $where $why;"
  . " try again\"}\n";
exit 1;
