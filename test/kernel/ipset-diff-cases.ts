// The command lines of the ipset differential test: each runs with /usr/sbin/ipset and
// with `nlkit ipset` on the same starting state. Grouped by what they exercise.

export interface DiffCase {
  /** What the line exercises (for the counts in the report). */
  group: string;
  argv: string[];
  /** Standard input (restore, batch mode). */
  stdin?: string;
  /** `ipset restore` text both namespaces start from (default: BASE). */
  setup?: string;
  /** Also run in the QEMU guest (a few lines per set type the host's kernel lacks: the guest is slow). */
  guest?: boolean;
}

/** The set types the host's kernel lacks and the guest's has. */
export const GUEST_TYPES = ['hash:mac', 'hash:ip,mac', 'hash:ip,mark', 'hash:net,net', 'hash:net,port,net'];

/** Sets of the types every kernel here has, with members. */
export const BASE = [
  'create h hash:ip', 'add h 1.1.1.1', 'add h 10.0.0.2', 'add h 9.0.0.1',
  'create ht hash:ip timeout 600 counters comment skbinfo', 'add ht 1.1.1.1 comment "one"',
  'create n hash:net', 'add n 10.0.0.0/8 nomatch', 'add n 1.0.0.0/8',
  'create p hash:ip,port', 'add p 192.0.2.1,tcp:80', 'add p 192.0.2.1,udp:53',
  'create b bitmap:ip range 10.0.0.0/24', 'add b 10.0.0.3',
  'create bp bitmap:port range 1-1024', 'add bp 22', 'add bp 3',
  'create h6 hash:ip family inet6', 'add h6 2001:db8::1',
  'create l list:set', 'add l h', 'add l n',
  '',
].join('\n');

/** One member and create options per type. */
const TYPES: [type: string, create: string[], member: string, second: string][] = [
  ['hash:ip', [], '192.0.2.1', '192.0.2.2'],
  ['hash:net', [], '192.0.2.0/24', '198.51.100.0/24'],
  ['hash:ip,port', [], '192.0.2.1,tcp:80', '192.0.2.1,udp:53'],
  ['hash:ip,port,ip', [], '192.0.2.1,udp:53,198.51.100.1', '192.0.2.2,tcp:1,198.51.100.2'],
  ['hash:ip,port,net', [], '192.0.2.1,tcp:443,198.51.100.0/24', '192.0.2.2,tcp:443,10.0.0.0/8'],
  ['hash:net,port', [], '192.0.2.0/25,tcp:22', '10.0.0.0/8,udp:53'],
  ['hash:net,iface', [], '192.0.2.0/24,eth0', '10.0.0.0/8,physdev:eth1'],
  ['hash:mac', [], '02:00:00:00:00:01', '02:00:00:00:00:02'],
  ['hash:ip,mac', [], '192.0.2.1,02:00:00:00:00:01', '192.0.2.2,02:00:00:00:00:02'],
  ['hash:ip,mark', [], '192.0.2.1,0x0000003f', '192.0.2.2,0x10'],
  ['hash:net,net', [], '192.0.2.0/24,198.51.100.0/24', '10.0.0.0/8,10.1.0.0/16'],
  ['hash:net,port,net', [], '192.0.2.0/24,tcp:80,198.51.100.0/24', '10.0.0.0/8,udp:53,10.1.0.0/16'],
  ['bitmap:ip', ['range', '192.0.2.0/24'], '192.0.2.5', '192.0.2.6'],
  ['bitmap:ip,mac', ['range', '192.0.2.0/24'], '192.0.2.5,02:00:00:00:00:01', '192.0.2.6'],
  ['bitmap:port', ['range', '0-1024'], '80', '1000'],
  ['list:set', [], 'h', 'n'],
];

export function diffCases(): DiffCase[] {
  const cases: DiffCase[] = [];
  const add = (group: string, argv: string[], extra: Partial<DiffCase> = {}): void => {
    cases.push({ group, argv, ...extra });
  };

  // ---- every command and its abbreviations ----
  const prefixes = (word: string, from = 1): string[] => Array.from({ length: word.length - from + 1 }, (_, i) => word.slice(0, from + i));
  const forms = (names: string[], dashed: string): string[] => [...names.flatMap((n) => prefixes(n)), dashed, ...prefixes(`--${dashed.slice(1).toLowerCase()}`, 3)];
  for (const w of new Set([...prefixes('create'), ...prefixes('new'), '-N', '--create', '--cr', '--n'])) add('command', [w, 'X', 'hash:ip']);
  for (const w of new Set(forms(['add'], '-A'))) add('command', [w, 'h', '5.5.5.5']);
  for (const w of ['del', 'de', 'd', '-D', '--del', '--d']) add('command', [w, 'h', '1.1.1.1']);
  for (const w of ['test', 'tes', 'te', 't', '-T', '--test', '--t']) add('command', [w, 'h', '1.1.1.1']);
  for (const w of ['destroy', 'destro', 'destr', 'dest', 'des', 'x', '-X', '--destroy', '--des']) add('command', [w, 'bp']);
  for (const w of ['list', 'lis', 'li', 'l', '-L', '--list', '--l']) add('command', [w, 'n']);
  for (const w of ['save', 'sav', 'sa', 's', '-S', '--save', '--s']) add('command', [w, 'p']);
  for (const w of ['flush', 'flus', 'flu', 'fl', 'f', '-F', '--flush', '--f']) add('command', [w, 'h']);
  for (const w of ['rename', 'renam', 'rena', 'ren', 'e', '-E', '--rename', '--ren']) add('command', [w, 'h', 'h2']);
  for (const w of ['swap', 'swa', 'sw', 'w', '-W', '--swap', '--sw']) add('command', [w, 'h', 'ht']);
  for (const w of ['version', 'versio', 'v', '-v', '-V', '--version', '--v']) add('command', [w]);
  for (const w of ['help', 'hel', 'h', '-h', '-H', '--help']) add('command', [w]);
  for (const w of ['quit', 'qui', 'q']) add('command', [w]);
  for (const w of ['restore', 'resto', 're', 'r', '-R', '--restore', '--r']) add('command', [w], { stdin: 'add h 7.7.7.7\n' });
  for (const w of ['list', 'save', 'destroy', 'flush']) add('command', [w]);
  for (const w of ['-a', 'adx', 'lists', '--', '---list', 'ADD', 'List', '-l', '-s', '-x', 'foo', 'rest', '-add', '--dd']) add('command', [w, 'h']);

  // ---- global options, one or two dashes, anywhere ----
  for (const o of ['-exist', '--exist', '-!', '--!']) {
    add('option', [o, 'add', 'h', '1.1.1.1']);
    add('option', ['add', 'h', '1.1.1.1', o]);
    add('option', ['create', 'h', 'hash:ip', o]);
    add('option', ['del', o, 'h', '3.3.3.3']);
    add('option', ['destroy', 'nosuch', o]);
  }
  for (const o of ['-q', '-quiet', '--quiet', '--q']) {
    add('option', [o, 'test', 'h', '1.1.1.1']);
    add('option', ['test', 'h', '3.3.3.3', o]);
    add('option', [o, 'add', 'h', '1.1.1.1']);
    add('option', [o, 'create', 'Z', 'iphash', '--probes', '2']);
  }
  for (const o of ['-n', '-name', '--name', '--n']) {
    add('option', ['list', o]);
    add('option', [o, 'list', 'h']);
    add('option', [o, 'list', 'nosuch']);
  }
  for (const o of ['-t', '-terse', '--terse', '--t']) {
    add('option', ['list', o]);
    add('option', [o, 'list', 'n']);
    add('option', [o, 'list', '-o', 'xml']);
  }
  for (const o of ['-o', '-output', '--output', '--o']) {
    for (const m of ['plain', 'save', 'xml']) {
      add('option', ['list', o, m]);
      add('option', [o, m, 'list', 'ht']);
    }
    add('option', ['save', o, 'plain']);
    add('option', ['list', o, 'bogus']);
    add('option', ['list', o]);
  }
  for (const o of ['-s', '-sorted', '--sorted', '--s']) {
    add('option', [o, 'list']);
    add('option', [o, 'save', 'h']);
    add('option', ['list', 'n', o]);
  }
  for (const o of ['-r', '-resolve', '--resolve']) {
    add('option', [o, 'list', 'h']);
    add('option', ['list', 'p', o]);
  }
  for (const o of ['-f', '-file', '--file']) {
    add('option', ['restore', o, '/dev/null']);
    add('option', ['restore', o, '/nonexistent/file']);
    add('option', ['list', o]);
  }
  add('option', ['list', '-f', '/dev/null', '-f', '/dev/null']);
  add('option', ['-o', 'xml']);
  add('option', ['-exist']);
  add('option', ['-te', 'list']);
  add('option', ['list', '-te']);
  add('option', ['list', '-out', 'xml']);
  add('option', ['list', '---terse']);
  add('option', ['-o', 'save', '-o', 'plain', 'list', 'h']);
  add('option', ['-t', '-n', 'list']);
  add('option', ['-s', '-o', 'save', 'list']);
  add('option', ['-s', '-o', 'xml', 'list', 'h']);

  // ---- every type x create option, add option ----
  const createOpts: string[][] = [
    [], ['timeout', '30'], ['counters'], ['comment'], ['skbinfo'], ['forceadd'], ['hashsize', '64'], ['maxelem', '10'],
    ['family', 'inet6'], ['-6'], ['netmask', '24'], ['bitmask', '255.255.0.0'], ['markmask', '0xff'], ['size', '4'],
    ['bucketsize', '4'], ['initval', '0x12345678'], ['timeout', '30', 'counters', 'comment', 'skbinfo'],
  ];
  const guestCreate = new Set([16]); // all extensions
  for (const [type, base] of TYPES) {
    createOpts.forEach((o, i) => add('type-create', ['create', 'X', type, ...base, ...o], { guest: GUEST_TYPES.includes(type) && guestCreate.has(i) }));
  }
  const addOpts: string[][] = [
    [], ['timeout', '10'], ['packets', '5', 'bytes', '100'], ['comment', 'hi there'], ['skbmark', '0x10/0xff'],
    ['skbprio', '1:2'], ['skbqueue', '3'], ['nomatch'], ['timeout', '0'], ['before', 'h'],
  ];
  for (const [type, base, member, second] of TYPES) {
    const prep = type === 'list:set' ? 'create h hash:ip\ncreate n hash:net\n' : '';
    const setup = `${prep}create X ${type} ${base.join(' ')} timeout 100 counters comment skbinfo\nadd X ${member}\n`;
    const guest = GUEST_TYPES.includes(type);
    addOpts.forEach((o, i) => add('type-add', ['add', 'X', second, ...o], { setup, guest: guest && i === 1 }));
    add('type-add', ['add', 'X', member], { setup });
    // (a timeout long enough that it cannot run out before both saves, even in the emulated guest)
    add('type-add', ['-exist', 'add', 'X', member, 'timeout', '50'], { setup });
    add('type-add', ['del', 'X', member], { setup });
    add('type-add', ['del', 'X', second], { setup });
    add('type-add', ['test', 'X', member], { setup, guest });
    add('type-add', ['test', 'X', second], { setup });
    add('type-add', ['list', 'X'], { setup });
    add('type-add', ['save'], { setup, guest });
    add('type-add', ['list', '-o', 'xml'], { setup });
    add('type-add', ['flush', 'X'], { setup });
  }

  // ---- legacy forms ----
  const legacy: string[][] = [
    ['-N', 'test', 'iphash', '--hashsize', '128', '--netmask', '24', 'timeout', '4'],
    ['-N', 'test', 'ipmap', '--from', '2.0.0.1', '--to', '2.1.0.0'],
    ['-N', 'test', 'ipmap', '--network', '2.0.0.0/16'],
    ['-N', 'test', 'ipmap', '--network', '2.0.0.0/16', '--netmask', '24'],
    ['-N', 'test', 'macipmap', '--from', '2.0.0.1', '--to', '2.1.0.0'],
    ['-N', 'test', 'macipmap', '--network', '2.0.0.0/16'],
    ['-N', 'test', 'portmap', '--from', '1', '--to', '1024'],
    ['-N', 'test', 'nethash', '--hashsize', '64', '--probes', '4', '--resize', '50'],
    ['-N', 'test', 'ipporthash', '--hashsize', '64'],
    ['-N', 'test', 'ipportiphash', '--maxelem', '100'],
    ['-N', 'test', 'ipportnethash'],
    ['-N', 'test', 'setlist', '--size', '8'],
    ['-N', 'test', 'iptree', '--timeout', '5'],
    ['-N', 'test', 'iphash', '--gc', '5'],
    ['--create', 'test', 'iphash', '--family', 'inet6'],
    ['-N', 'test', 'iphash', '-family', 'inet6'],
    ['-A', 'h', '3.3.3.3'], ['-D', 'h', '1.1.1.1'], ['-T', 'h', '1.1.1.1'], ['-T', 'h', '3.3.3.3'], ['-L', 'h'], ['-L'],
    ['-S', 'h'], ['-F', 'h'], ['-X', 'bp'], ['-E', 'h', 'hh'], ['-W', 'h', 'ht'], ['-H'], ['-V'], ['-R'],
    ['-A', 'h', '3.3.3.3', '--timeout', '5'], ['-A', 'ht', '3.3.3.3', '--timeout', '5'], ['-A', 'l', 'p', '--before', 'h'],
    ['create', 'X', 'bitmap:ip', 'range', '0.0.0.0/0', 'netmask', '16'], ['create', 'X', 'bitmap:ip', 'from', '1.0.0.0', 'to', '1.0.0.255'],
  ];
  for (const l of legacy) add('legacy', l, l[0] === '-R' ? { stdin: 'create legacy iphash\n' } : {});

  // ---- list:set ----
  const ls: string[][] = [
    ['add', 'l', 'p'], ['add', 'l', 'p', 'before', 'h'], ['add', 'l', 'p', 'after', 'h'], ['add', 'l', 'p', 'before', 'nosuch'],
    ['add', 'l', 'p,before,h'], ['add', 'l', 'p,after,n'], ['add', 'l', 'p,beside,n'], ['add', 'l', 'h'], ['add', 'l', 'nosuch'],
    ['test', 'l', 'h'], ['test', 'l', 'p'], ['test', 'l', 'h', 'before', 'n'], ['test', 'l', 'h,before,n'], ['test', 'l', 'n', 'after', 'h'],
    ['test', 'l', 'n,after,h'], ['del', 'l', 'h', 'before', 'n'], ['del', 'l', 'n', 'after', 'h'], ['del', 'l', 'h,before,n'],
    ['add', 'l', 'p', 'before', 'h', 'after', 'n'], ['add', 'l', 'l'], ['create', 'l2', 'list:set', 'size', '2'], ['add', 'l', 'p', 'timeout', '5'],
    ['del', 'l', 'p'], ['list', 'l'], ['destroy', 'h'], ['-t', 'list', 'l'],
  ];
  for (const l of ls) add('list:set', l);

  // ---- bad input ----
  const bad: string[][] = [
    ['add', 'h', 'foo'], ['add', 'h', '1.2.3'], ['add', 'h', '1.2.3.4.5'], ['add', 'h', '256.1.1.1'], ['add', 'h', '1.1.1.1/33'],
    ['add', 'h', '1.1.1.5-1.1.1.1'], ['add', 'h', '1.1.1.1/24'], ['add', 'h', '1.1.1.1-1.1.1.3'], ['add', 'h', ''], ['add', 'h', '1.1.1.1,'],
    ['add', 'h', '2001:db8::1'], ['add', 'h6', '1.1.1.1'], ['add', 'h6', '2001:db8::/64'], ['add', 'h6', 'zz::1'],
    ['add', 'p', '192.0.2.1'], ['add', 'p', '192.0.2.1,tcp:99999'], ['add', 'p', '192.0.2.1,nope:1'], ['add', 'p', '192.0.2.1,icmp:bogus'],
    ['add', 'p', '192.0.2.1,icmp:echo-request'], ['add', 'p', '192.0.2.1,icmp:8/0'], ['add', 'p', '192.0.2.1,icmpv6:ping'], ['add', 'p', '192.0.2.1,gre:0'],
    ['add', 'p', '192.0.2.1,gre:5'], ['add', 'p', '192.0.2.1,80-90'], ['add', 'p', '192.0.2.1,tcp:90-80'], ['add', 'p', '192.0.2.1,http'],
    ['add', 'p', '192.0.2.1,tcp:http'], ['add', 'p', '192.0.2.1,udp:domain'], ['add', 'p', '192.0.2.1,sctp:5'], ['add', 'p', '192.0.2.1,tcp:'],
    ['add', 'n', '10.0.0.0/0'], ['add', 'n', '10.0.0.0/33'], ['add', 'n', '10.0.0.1-10.0.0.20'], ['add', 'n', '10.0.0.0/8', 'nomatch'],
    ['add', 'b', '10.0.1.1'], ['add', 'b', '10.0.0.1-10.0.0.5'], ['add', 'b', '10.0.0.0/30'], ['add', 'bp', '2000'], ['add', 'bp', '10-20'], ['add', 'bp', 'tcp:22'],
    ['add', 'h', '1.1.1.1', 'timeout'], ['add', 'h', '1.1.1.1', 'timeout', '5'], ['add', 'ht', '5.5.5.5', 'timeout', 'abc'], ['add', 'ht', '5.5.5.5', 'timeout', '-1'],
    ['add', 'ht', '5.5.5.5', 'timeout', '2147484'], ['add', 'ht', '5.5.5.5', 'timeout', '5', 'timeout', '6'], ['add', 'ht', '5.5.5.5', 'packets', 'x'],
    ['add', 'ht', '5.5.5.5', 'bytes', '18446744073709551616'], ['add', 'ht', '5.5.5.5', 'comment'], ['add', 'ht', '5.5.5.5', 'comment', 'it\'s "quoted", with, commas'],
    ['add', 'ht', '5.5.5.5', 'comment', 'a'.repeat(300)], ['add', 'ht', '5.5.5.5', 'comment', 'spaces and\ttabs'], ['add', 'ht', '5.5.5.5', 'skbmark', 'x'],
    ['add', 'ht', '5.5.5.5', 'skbmark', '0x1/0x2/0x3'], ['add', 'ht', '5.5.5.5', 'skbprio', '1'], ['add', 'ht', '5.5.5.5', 'skbprio', '10000:1'],
    ['add', 'ht', '5.5.5.5', 'skbqueue', '70000'], ['add', 'ht', '5.5.5.5', 'nomatch'], ['add', 'ht', '5.5.5.5', 'bogus', '1'],
    ['add', 'h', '1.1.1.1 timeout 5'], ['add', 'h', '"1.1.1.1"'], ['add', 'h', "'1.1.1.1'"], ['add', 'h', '1.1.1.1', ''],
    ['create', 'X', 'hash:ip', 'hashsize'], ['create', 'X', 'hash:ip', 'hashsize', 'abc'], ['create', 'X', 'hash:ip', 'hashsize', '0'],
    ['create', 'X', 'hash:ip', 'hashsize', '4294967296'], ['create', 'X', 'hash:ip', 'maxelem', '0'], ['create', 'X', 'hash:ip', 'family', 'inet7'],
    ['create', 'X', 'hash:ip', 'family', 'inet', 'family', 'inet6'], ['create', 'X', 'hash:ip', '-4', '-6'], ['create', 'X', 'hash:ip', 'netmask', '0'],
    ['create', 'X', 'hash:ip', 'netmask', '33'], ['create', 'X', 'hash:ip', 'netmask', '24', 'bitmask', '255.255.0.0'], ['create', 'X', 'hash:ip', 'timeout', '-1'],
    ['create', 'X', 'hash:ip', 'bucketsize', '1'], ['create', 'X', 'hash:ip', 'bucketsize', '300'], ['create', 'X', 'hash:ip', 'foo'],
    ['create', 'X', 'hash:ip', 'size', '4'], ['create', 'X', 'hash:foo'], ['create', 'X', 'hash:ip,foo'], ['create', 'X', 'a'.repeat(32)],
    ['create', 'a'.repeat(32), 'hash:ip'], ['create', 'a'.repeat(31), 'hash:ip'], ['create', 'h', 'hash:ip'], ['create', 'X', 'bitmap:ip'],
    ['create', 'X', 'bitmap:ip', 'range', '10.0.0.0/8'], ['create', 'X', 'bitmap:ip', 'range', '10.0.0.5-10.0.0.1'], ['create', 'X', 'bitmap:ip', 'range', 'foo'],
    ['create', 'X', 'bitmap:port', 'range', '100-1'], ['create', 'X', 'bitmap:port', 'range', '1-70000'], ['create', 'X', 'bitmap:port'],
    ['create', 'X', 'bitmap:ip', 'range', '10.0.0.0/24', 'family', 'inet6'], ['create', 'X', 'list:set', 'family', 'inet'], ['create', 'X', 'list:set', 'size', '0'],
    ['create', 'X', 'hash:ip,port', 'family', 'inet6', 'netmask', '64'], ['create', 'X', 'hash:net', 'netmask', '24'],
    ['del', 'h', '7.7.7.7'], ['del', 'nosuch', '1.1.1.1'], ['test', 'nosuch', '1.1.1.1'], ['list', 'nosuch'], ['save', 'nosuch'], ['flush', 'nosuch'],
    ['destroy', 'nosuch'], ['destroy', 'h'], ['rename', 'nosuch', 'x'], ['rename', 'h', 'n'], ['rename', 'h', 'a'.repeat(32)], ['swap', 'h', 'nosuch'],
    ['swap', 'h', 'p'], ['swap', 'h', 'h6'], ['swap', 'nosuch', 'h'], ['rename', 'h'], ['swap'], ['add'], ['add', 'h'], ['del', 'h'], ['test'],
    ['create'], ['create', 'X'], ['list', 'h', 'extra'], ['destroy', 'h', 'extra'], ['rename', 'h', 'x', 'y'], ['restore', 'extra'],
    ['help', 'hash:ip', 'x'], ['help', 'nosuch'], [], ['-'.repeat(3)], ['add', 'h', '1.1.1.1', 'comment', 'x'],
  ];
  for (const l of bad) add('bad', l);

  // ---- restore from stdin ----
  const rs: string[] = [
    'add h 3.3.3.3\nadd h 4.4.4.4\n', 'add h 1.1.1.1\n', 'add h 3.3.3.3\nadd h bogus\nadd h 4.4.4.4\n', 'add h 3.3.3.3\nadd h 1.1.1.1\nadd h 5.5.5.5\n',
    'foo\n', 'add h 3.3.3.3\nfoo\n', 'a h 3.3.3.3\nn X hash:ip\nd h 1.1.1.1\n', '-A h 3.3.3.3\n-N Z iphash --hashsize 64\n', 'restore\n', 'version\n', 'help\n',
    'list h\n', 'save p\n', 'add h\n', 'add h 3.3.3.3 -exist\nadd h 3.3.3.3 -exist\n', 'create T hash:ip\ncreate T hash:ip\n', 'test h 9.9.9.9\n', 'test h 1.1.1.1\n',
    'add ht 3.3.3.3 comment "a b"\n', 'add h "3.3.3.3"\n', 'add h 3.3.3.3 timeout 5 # c\n', '  \n# comment\nCOMMIT\nadd h 4.4.4.4\n',
    'quit\nadd h 5.5.5.5\n', 'add nosuch 1.1.1.1\n', 'del h 1.1.1.1\ndel h 1.1.1.1\n', 'flush h\ndestroy h\n', 'create Y hash:net\nadd Y 10.0.0.0/8\nadd Y 10.0.0.0/8\n',
    'swap h ht\nrename h x\n', 'add h 3.3.3.3\r\n', '\tadd h 3.3.3.3\n', 'add  h  3.3.3.3\n', 'add h 3.3.3.3', '', 'create X bitmap:port range 1-10\nadd X 11\n',
    'add ht 3.3.3.3 timeout 5 timeout 6\n', 'add h 3.3.3.3\n-exist add h 3.3.3.3\n', 'add ht 3.3.3.3 comment "unterminated\n', 'create X hash:ip,port\nadd X 1.1.1.1,tcp:80\nadd X 1.1.1.1,foo:80\n',
    'del h 1.1.1.1\nadd h 1.1.1.1\n', 'add l p before h\n', 'add l p,after,n\n', 'destroy\n', 'list -n\n', 'save -o xml\n',
  ];
  for (const s of rs) add('restore', ['restore'], { stdin: s });
  add('restore', ['-exist', 'restore'], { stdin: 'add h 1.1.1.1\nadd h 1.1.1.1\n' });
  add('restore', ['restore', '-exist'], { stdin: 'create h hash:ip\n' });
  add('restore', ['-q', 'restore'], { stdin: 'test h 9.9.9.9\n' });

  // ---- batch mode (ipset -) ----
  const batch: string[] = [
    'create S hash:ip\nadd S 1.1.1.1\nadd S 1.1.1.1\nfoo\nadd S bogus\n\nlist -n\ntest S 2.2.2.2\nrestore\nversion\n-exist add S 1.1.1.1\nquit\nadd S 3.3.3.3\n',
    'add h 5.5.5.5\nlist h\n', 'foo\n', '-n\n', '', 'add nosuch 1.1.1.1\nadd h 6.6.6.6\n', 'save h\nsave p\n', 'help nosuch\n',
  ];
  for (const s of batch) add('batch', ['-'], { stdin: s });
  add('batch', ['-exist', '-'], { stdin: 'add h 1.1.1.1\n' });
  return cases;
}
