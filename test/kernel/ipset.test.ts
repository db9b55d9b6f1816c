// ipset against the real kernel, each test in its own network namespace, and
// against the real `ipset` binary (interop: same text both ways).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { PassThrough, Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { test, type TestContext } from 'node:test';
import { IPSet, IPSetRestoreError } from '../../src/ipset/ipset.js';
import { tempName } from '../../src/ipset/replace.js';
import { IPSetError } from '../../src/ipset/errors.js';
import { IPSetSyntaxError } from '../../src/ipset/entry.js';
import { IPSET_CMD } from '../../src/ipset/schema.js';
import { ipsetCli } from '../../src/cli/ipset.js';
import { createNetns, hasCommand, type Netns } from '../helpers/netns.js';

const canRun = process.getuid?.() === 0 && hasCommand('ip');
const hasIpset = hasCommand('ipset');

async function withSet<T>(fn: (ns: Netns, s: IPSet) => Promise<T>): Promise<T> {
  const ns = createNetns('nlkit-ipset');
  const s = await IPSet.open({ netns: ns.name });
  try {
    return await fn(ns, s);
  } finally {
    s.close();
    ns.destroy();
  }
}

/** Whether the kernel has a set type; tests of missing types skip by name. */
async function hasType(s: IPSet, type: string): Promise<boolean> {
  try {
    await s.type(type);
    return true;
  } catch (e) {
    if (e instanceof IPSetError && e.errno === 4098) return false;
    throw e;
  }
}

async function cli(ns: Netns, argv: string[], stdin = ''): Promise<{ status: number; stdout: string; stderr: string }> {
  const out = new PassThrough(), err = new PassThrough();
  let stdout = '', stderr = '';
  out.on('data', (d) => (stdout += d));
  err.on('data', (d) => (stderr += d));
  const status = await ipsetCli(argv, { stdout: out, stderr: err, stdin: Readable.from([stdin]), netns: ns.name });
  return { status, stdout, stderr };
}

/** Remaining timeouts tick while the two sides list: compare them to the second. */
const norm = (text: string): string => text.replace(/^(add .*? timeout )\d+/gm, '$1T');

/** The ipset binary in the namespace, with stdout and stderr whatever the status. */
function runIpset(ns: Netns, argv: string[], input = ''): { status: number; stdout: string; stderr: string } {
  const r = spawnSync('ip', ['netns', 'exec', ns.name, 'ipset', ...argv], { input, encoding: 'utf8' });
  return { status: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
}

const opts = { skip: !canRun ? 'needs root and iproute2' : false };

// One member per type, from the type matrix capture.
const MATRIX: [string, string, Record<string, unknown>][] = [
  ['hash:ip', '192.0.2.1', {}],
  ['hash:net', '192.0.2.0/24', {}],
  ['hash:ip,port', '192.0.2.1,tcp:80', {}],
  ['hash:ip,port,ip', '192.0.2.1,udp:53,198.51.100.1', {}],
  ['hash:ip,port,net', '192.0.2.1,tcp:443,198.51.100.0/24', {}],
  ['hash:net,port', '192.0.2.0/25,tcp:22', {}],
  ['hash:net,iface', '192.0.2.0/24,eth0', {}],
  ['hash:mac', '02:00:00:00:00:01', {}],
  ['hash:ip,mac', '192.0.2.1,02:00:00:00:00:01', {}],
  ['hash:ip,mark', '192.0.2.1,0x0000003f', {}],
  ['hash:net,net', '192.0.2.0/24,198.51.100.0/24', {}],
  ['hash:net,port,net', '192.0.2.0/24,tcp:80,198.51.100.0/24', {}],
  ['bitmap:ip', '192.0.2.5', { range: '192.0.2.0/24' }],
  ['bitmap:ip,mac', '192.0.2.5,02:00:00:00:00:01', { range: '192.0.2.0/24' }],
  ['bitmap:port', '80', { range: '0-1024' }],
  ['list:set', 'member', {}],
];

for (const [type, member, createOpts] of MATRIX) {
  for (const ext of [{}, { timeout: 600 }, { counters: true }, { comment: true }, { skbinfo: true }]) {
    const label = Object.keys(ext)[0] ?? 'plain';
    test(`type ${type} [${label}]: create, add, test, del; ipset save == nlkit save`, opts, async (t: TestContext) => {
      await withSet(async (ns, s) => {
        if (!(await hasType(s, type))) {
          t.skip(`${type}: set type not supported by this kernel`);
          return;
        }
        if (type === 'list:set') await s.create('member', 'hash:ip');
        await s.create('s', type, { ...createOpts, ...ext });
        const eo: Record<string, unknown> = {};
        if ('timeout' in ext) eo.timeout = 300;
        if ('counters' in ext) Object.assign(eo, { packets: 5, bytes: 100 });
        if ('comment' in ext) eo.comment = 'hi there';
        if ('skbinfo' in ext) Object.assign(eo, { skbmark: '0x10/0xff', skbprio: '1:2', skbqueue: 3 });
        await s.add('s', member, eo);
        assert.equal(await s.test('s', member), true);
        await assert.rejects(s.add('s', member), (e: IPSetError) => e.reason === "Element cannot be added to the set: it's already added" && e.setName === 's');
        await s.add('s', member, { exist: true, ...eo });
        const listed = await s.list('s');
        assert.equal(listed.entries.length, 1);
        assert.equal(listed.entries[0]!.elem, member);
        if (hasIpset) assert.equal(norm(await s.save()), norm(ns.exec('ipset', ['save'])));
        await s.del('s', member);
        assert.equal(await s.test('s', member), false);
      });
    });
  }
}

test('inet6: hash:ip, hash:net with nomatch, hash:ip,port with icmpv6; save identical', opts, async () => {
  await withSet(async (ns, s) => {
    await s.create('a6', 'hash:ip', { family: 'inet6', timeout: 100, comment: true });
    await s.add('a6', '2001:db8::1', { comment: 'x' });
    await s.create('n6', 'hash:net', { family: 'inet6' });
    await s.add('n6', '2001:db8::/32');
    await s.add('n6', '2001:db8:1::/48', { nomatch: true });
    await s.create('p6', 'hash:ip,port', { family: 'inet6' });
    await s.add('p6', '::1,icmpv6:echo-request');
    await s.add('p6', '::1,udp:53');
    await assert.rejects(s.add('p6', '1.2.3.4,udp:53'), /resolving to IPv6 address failed/);
    assert.equal(await s.test('n6', '2001:db8:1::5'), false); // nomatch
    assert.equal(await s.test('n6', '2001:db8:2::5'), true);
    // A timeout can tick between the two saves: compare with the remaining seconds masked.
    if (hasIpset) assert.equal(norm(await s.save()), norm(ns.exec('ipset', ['save'])));
  });
});

test('timeouts expire', opts, async () => {
  await withSet(async (_ns, s) => {
    await s.create('t', 'hash:ip', { timeout: 1 });
    await s.add('t', '10.0.0.1');
    await s.add('t', '10.0.0.2', { timeout: 0 }); // permanent
    assert.equal(await s.test('t', '10.0.0.1'), true);
    await sleep(2200);
    assert.equal(await s.test('t', '10.0.0.1'), false);
    assert.equal(await s.test('t', '10.0.0.2'), true);
  });
});

test('counters, comments, skbinfo come back typed', opts, async () => {
  await withSet(async (_ns, s) => {
    await s.create('c', 'hash:ip', { counters: true, comment: true, skbinfo: true });
    await s.add('c', '10.0.0.1', { packets: 7, bytes: 1234, comment: 'hello world', skbmark: '0x10/0xf0', skbprio: '10:20', skbqueue: 7 });
    const [e] = (await s.list('c')).entries;
    assert.deepEqual({ ...e }, {
      elem: '10.0.0.1', ip: '10.0.0.1', packets: 7, bytes: 1234, comment: 'hello world',
      skbmark: { mark: 0x10, mask: 0xf0 }, skbprio: { major: 0x10, minor: 0x20 }, skbqueue: 7,
    });
    await assert.rejects(s.create('nc', 'hash:ip').then(() => s.add('nc', '1.1.1.1', { packets: 1 })),
      (e: IPSetError) => e.reason === 'Packet/byte counters cannot be used: set was created without counter support');
    await assert.rejects(s.add('nc', '1.1.1.2', { timeout: 5 }), (e: IPSetError) => e.reason === 'Timeout cannot be used: set was created without timeout support');
  });
});

test('list:set: before/after, and its errors', opts, async () => {
  await withSet(async (ns, s) => {
    for (const n of ['a', 'b', 'c']) await s.create(n, 'hash:ip');
    await s.create('l', 'list:set', { size: 4 });
    await s.add('l', 'a');
    await s.add('l', 'b', { before: 'a' });
    await s.add('l', 'c', { after: 'b' });
    assert.deepEqual((await s.list('l')).entries.map((e) => e.elem), ['b', 'c', 'a']);
    await assert.rejects(s.add('l', 'nosuch'), (e: IPSetError) => e.reason === 'Set to be added/deleted/tested as element does not exist.');
    if (hasIpset) assert.equal(await s.save('l'), ns.exec('ipset', ['save', 'l']));
    await assert.rejects(s.destroy('a'), (e: IPSetError) => e.reason === 'Set cannot be destroyed: it is in use by a kernel component');
  });
});

test('bitmap ranges and out-of-range errors', opts, async () => {
  await withSet(async (_ns, s) => {
    await s.create('bp', 'bitmap:port', { range: '10-100' });
    await s.add('bp', '20-22');
    assert.deepEqual((await s.list('bp')).entries.map((e) => e.elem), ['20', '21', '22']);
    await assert.rejects(s.add('bp', '200'), (e: IPSetError) => e.reason === 'Element is out of the range of the set' && e.code === 'IPSET_ERR_BITMAP_RANGE');
    await s.create('bi', 'bitmap:ip', { range: '10.0.0.0/24', netmask: 30 });
    await s.add('bi', '10.0.0.5');
    assert.equal((await s.list('bi')).headerText, 'range 10.0.0.0-10.0.0.255 netmask 30');
    await assert.rejects(s.add('bi', '10.0.1.1'), (e: IPSetError) => e.reason === 'Element is out of the range of the set');
    await assert.rejects(s.create('huge', 'bitmap:ip', { range: '10.0.0.0/8' }), (e: IPSetError) => e.reason === 'The range you specified exceeds the size limit of the set type');
  });
});

test('commands: header, type, rename, swap, flush, destroy, get by name/index, names, terse', opts, async () => {
  await withSet(async (_ns, s) => {
    await s.create('x', 'hash:ip');
    await s.create('y', 'hash:ip');
    await s.create('z', 'hash:net');
    await s.add('x', '1.1.1.1');
    assert.deepEqual(await s.header('x'), { name: 'x', type: 'hash:ip', revision: (await s.type('hash:ip')).revision, family: 'inet' });
    assert.ok((await s.type('hash:ip')).revisionMax >= 5);
    assert.deepEqual(await s.names(), ['x', 'y', 'z']);
    const idx = (await s.getByName('y')).index;
    assert.equal(await s.getByIndex(idx), 'y');
    await s.swap('x', 'y');
    assert.equal((await s.list('y')).entries.length, 1);
    await assert.rejects(s.swap('x', 'z'), (e: IPSetError) => e.reason === 'The sets cannot be swapped: their type does not match');
    await assert.rejects(s.swap('x', 'nosuch'), (e: IPSetError) => e.reason === 'The set with the given name does not exist' || e.reason === 'Sets cannot be swapped: the second set does not exist');
    await s.rename('y', 'w');
    await assert.rejects(s.rename('w', 'x'), (e: IPSetError) => e.reason === 'Set cannot be renamed: a set with the new name already exists');
    const terse = await s.lists({ terse: true });
    assert.equal(terse.length, 3);
    assert.equal(terse.every((t) => t.entries.length === 0), true);
    await s.flush('w');
    assert.equal((await s.list('w')).entries.length, 0);
    await assert.rejects(s.create('x', 'hash:ip'), (e: IPSetError) => e.reason === 'Set cannot be created: set with the same name already exists' && e.code === 'EEXIST');
    await s.create('x', 'hash:ip', { exist: true });
    await s.destroy('x');
    await assert.rejects(s.list('x'), (e: IPSetError) => e.reason === 'The set with the given name does not exist');
    await s.destroy();
    assert.deepEqual(await s.names(), []);
    await assert.rejects(s.create('a'.repeat(32), 'hash:ip'), IPSetSyntaxError);
    await assert.rejects(s.create('q', 'hash:nope'), /typename 'hash:nope' is unknown/);
  });
});

test('pinned protocol 6 and revisions; raw request', opts, async () => {
  const ns = createNetns('nlkit-ipset');
  try {
    const s = await IPSet.open({ netns: ns.name, protocol: 6, revisions: { 'hash:ip': 4 } });
    assert.equal(s.protocol, 6);
    await s.create('p6', 'hash:ip');
    assert.equal((await s.header('p6')).revision, 4);
    const [r] = await s.request('PROTOCOL');
    assert.ok(Number(r!.protocol) >= 6);
    await assert.rejects(s.getByName('p6'), /needs protocol 7/);
    s.close();
  } finally {
    ns.destroy();
  }
});

test('addMany: many entries per message, refused entries reported with index and reason, the rest added', opts, async () => {
  await withSet(async (_ns, s) => {
    await s.create('m', 'hash:ip', { maxelem: 1 << 20 });
    await s.add('m', '10.0.0.5');
    const input: string[] = [];
    for (let i = 0; i < 20000; i++) input.push(`10.0.${i >> 8}.${i & 255}`);
    input.splice(100, 0, 'bogus');
    input.push('10.0.0.5');
    let progress = 0;
    const r = await s.addMany('m', input, { onProgress: (d) => (progress = d) });
    assert.equal(r.failed.length, 3); // 'bogus', the pre-added 10.0.0.5 and its duplicate at the end
    assert.deepEqual(r.failed.map((f) => f.index), [5, 100, input.length - 1]);
    assert.match(r.failed[1]!.error.message, /bogus/);
    assert.equal((r.failed[0]!.error as IPSetError).reason, "Element cannot be added to the set: it's already added");
    assert.equal(r.done, 20000 - 1);
    assert.equal(progress, r.done);
    const one: unknown[] = [];
    for await (const e of s.entries('m')) one.push(e);
    assert.equal(one.length, 20000);
    // The batch form: the same entries in the same order, an array per kernel message (so several here).
    const batches: unknown[][] = [];
    for await (const b of s.entryBatches('m')) batches.push(b);
    assert.ok(batches.length > 1, `20,000 members came in ${batches.length} message(s)`);
    assert.deepEqual(batches.flat(), one);
    const d = await s.delMany('m', input.slice(0, 1000));
    assert.equal(d.done, 999);
    assert.equal((await s.addMany('m', ['10.0.0.5', '10.0.0.5'], { exist: true })).failed.length, 0);
  });
});

test('entries() reuses its receive memory; messages kept from a normal dump stay intact meanwhile', opts, async () => {
  await withSet(async (_ns, s) => {
    const ips = (n: number, c: number) => Array.from({ length: n }, (_, i) => `10.${c}.${i >> 8}.${i & 255}`);
    await s.create('a', 'hash:ip');
    assert.equal((await s.addMany('a', ips(3000, 1))).done, 3000);
    await s.create('b', 'hash:ip', { maxelem: 1 << 18 });
    assert.equal((await s.addMany('b', ips(60000, 2))).done, 60000);
    const kept = [];
    for await (const m of s.socket.dump(s.message(IPSET_CMD.LIST, { setname: 'a' }))) kept.push(m);
    const copies = kept.map((m) => m.payload.slice());
    // About 2 MB of datagrams through the transient listing's slabs, twice, and the batch form once.
    for (let round = 0; round < 2; round++) {
      let n = 0;
      for await (const e of s.entries('b')) if (e.elem.startsWith('10.2.')) n++;
      assert.equal(n, 60000);
    }
    let batched = 0;
    for await (const b of s.entryBatches('b')) batched += b.length;
    assert.equal(batched, 60000);
    kept.forEach((m, i) => assert.deepEqual(m.payload, copies[i], `message ${i} of the kept dump changed`));
    // The transient listing decodes as the kept one does.
    const streamed = [];
    for await (const e of s.entries('a')) streamed.push(e);
    assert.equal(streamed.length, 3000);
    assert.deepEqual(streamed, (await s.list('a')).entries);
  });
});

test('restore: ipset save text loads and saves back identical; errors name the line', { skip: !canRun || !hasIpset ? 'needs ipset' : false }, async () => {
  await withSet(async (ns, s) => {
    const script = [
      'create a hash:ip family inet hashsize 64 maxelem 1000 netmask 24 timeout 300 counters comment skbinfo bucketsize 12 initval 0x7d31d960',
      'add a 10.0.0.0 timeout 59 packets 5 bytes 300 comment "hello world" skbmark 0x10/0xff skbprio 1:10 skbqueue 3',
      'create n hash:net family inet6 hashsize 1024 maxelem 65536 bucketsize 12 initval 0x916e2287',
      'add n 2001:db8:1::/48 nomatch', 'add n 2001:db8::/32',
      'create ipp hash:ip,port family inet hashsize 1024 maxelem 65536 bucketsize 12 initval 0x8334568a',
      'add ipp 192.0.2.2,icmp:echo-request', 'add ipp 192.0.2.1,tcp:80', 'add ipp 192.0.2.1,udp:53',
      'create ni hash:net,iface family inet hashsize 1024 maxelem 65536 bucketsize 12 initval 0x9436be46', 'add ni 10.0.0.0/8,eth0',
      'create bp bitmap:port range 0-1024', 'add bp 22',
      'create bim bitmap:ip,mac range 192.168.0.0-192.168.0.255', 'add bim 192.168.0.1,AA:BB:CC:DD:EE:FF',
      'create ls list:set size 8', 'add ls a', 'add ls n', '',
    ].join('\n');
    ns.exec('ipset', ['restore'], script);
    const ref = ns.exec('ipset', ['save']);
    ns.exec('ipset', ['destroy', 'ls']);
    ns.exec('ipset', ['destroy']);
    await s.restore(ref);
    assert.equal(norm(await s.save()), norm(ns.exec('ipset', ['save'])));
    assert.equal(norm(ns.exec('ipset', ['save'])), norm(ref));
    await assert.rejects(s.restore('create r hash:ip\nadd r 1.1.1.1\nadd r 1.1.1.2\nadd r 1.1.1.1\nadd r 1.1.1.3\n'),
      (e: IPSetRestoreError) => e.message === "Error in line 4: Element cannot be added to the set: it's already added" && e.line === 4);
    await s.restore('add r 1.1.1.1\n-exist add r 1.1.1.2\nCOMMIT\n', { exist: true });
    await assert.rejects(s.restore('flush r\nadd r bogus\n'), /Error in line 2: Syntax error: cannot parse bogus/);
  });
});

test('replace: fills a temporary set and swaps it in', opts, async () => {
  await withSet(async (_ns, s) => {
    await s.create('live', 'hash:ip', { timeout: 600 });
    await s.add('live', '1.1.1.1');
    const r = await s.replace('live', ['2.2.2.2', '3.3.3.3']);
    assert.equal(r.done, 2);
    const l = await s.list('live');
    assert.deepEqual(l.entries.map((e) => e.elem).sort(), ['2.2.2.2', '3.3.3.3']);
    assert.equal(l.header.timeout, 600);
    assert.deepEqual(await s.names(), ['live']);
  });
});

test('replace: a process killed mid-replace leaves a temporary set that the next replace() destroys', opts, async () => {
  await withSet(async (ns, s) => {
    await s.create('live', 'hash:ip', { hashsize: 65536, maxelem: 2000000 });
    await s.add('live', '1.1.1.1');
    // A child replaces 'live' with a million entries; it is killed once its temporary set exists.
    const lib = new URL('../../src/ipset/ipset.js', import.meta.url).href;
    const child = spawn(process.execPath, ['--input-type=module', '-e', `
      const { IPSet } = await import(${JSON.stringify(lib)});
      const s = await IPSet.open({ netns: ${JSON.stringify(ns.name)} });
      function* ips() { for (let i = 0; i < 1000000; i++) yield '10.' + (i >> 16) + '.' + ((i >> 8) & 255) + '.' + (i & 255); }
      await s.replace('live', ips());
    `], { stdio: 'ignore' });
    const tmpPrefix = tempName('live').split('~').slice(0, 2).join('~') + '~';
    let leftover: string | undefined;
    let exited = false;
    const exit = new Promise((r) => child.once('exit', () => r((exited = true))));
    // Poll until the temporary set shows (node starts slowly in the emulated guest), or the child is gone.
    for (const until = Date.now() + 120_000; !leftover && !exited && Date.now() < until;) {
      await sleep(10);
      leftover = (await s.names()).find((n) => n.startsWith(tmpPrefix));
    }
    child.kill('SIGKILL');
    await exit;
    assert.ok(leftover, 'the child made its temporary set');
    assert.ok((await s.names()).includes(leftover!), 'the killed child left it behind');
    assert.deepEqual((await s.list('live')).entries.map((e) => e.elem), ['1.1.1.1'], 'the live set is untouched');
    const r = await s.replace('live', ['2.2.2.2']);
    assert.equal(r.done, 1);
    assert.deepEqual(await s.names(), ['live']);
    assert.deepEqual((await s.list('live')).entries.map((e) => e.elem), ['2.2.2.2']);
  });
});

test('CLI output equals the ipset binary\'s: list, save, test, errors, exit codes', { skip: !canRun || !hasIpset ? 'needs ipset' : false }, async () => {
  const ns = createNetns('nlkit-ipset');
  try {
    ns.exec('ipset', ['restore'], 'create a hash:ip timeout 300 comment\nadd a 10.0.0.1 comment "x y"\ncreate p hash:ip,port\nadd p 192.0.2.1,tcp:80\ncreate bp bitmap:port range 1-100\n' +
      'create a6 hash:ip family inet6\ncreate p6 hash:ip,port family inet6\ncreate n6 hash:net family inet6\n');
    const cases = [
      ['list'], ['list', 'a'], ['list', '-t'], ['-n', 'list'], ['list', '-o', 'save'], ['save'], ['save', 'p'],
      ['test', 'a', '10.0.0.1'], ['test', 'a', '10.0.0.2'], ['add', 'a', '10.0.0.1'], ['-exist', 'add', 'a', '10.0.0.1'],
      ['del', 'a', '9.9.9.9'], ['list', 'nosuch'], ['create', 'a', 'hash:ip'], ['add', 'p', '1.2.3.4'], ['add', 'a', 'foo'],
      ['add', 'a', '1.2.3.4', 'bogus', '3'], ['create', 'z', 'hash:foo'], ['create', 'x', 'bitmap:port'], ['add', 'bp', '200'],
      ['swap', 'a', 'p'], ['rename', 'a', 'p'], ['destroy', 'nosuch'], ['add'], ['add', 'a'], [], ['foo'], ['list', '-o', 'xyz'],
      // IPv6: a plain address for hash:ip*, a CIDR but no range for hash:net
      ['add', 'a6', '2001:db8::1-2001:db8::5'], ['add', 'a6', '2001:db8::/64'], ['add', 'p6', '2001:db8::/64,80'],
      ['add', 'n6', '2001:db8::1-2001:db8::5'],
    ];
    for (const argv of cases) {
      const ref = runIpset(ns, argv);
      const mine = await cli(ns, argv);
      assert.deepEqual({ status: mine.status, stdout: norm(mine.stdout), stderr: mine.stderr },
        { status: ref.status, stdout: norm(ref.stdout), stderr: ref.stderr }, `ipset ${argv.join(' ')}`);
    }
    // restore from stdin, with the line-numbered error
    const ref = runIpset(ns, ['restore'], 'add p 5.5.5.5,udp:1\nadd p 5.5.5.5,udp:1\n');
    ns.exec('ipset', ['del', 'p', '5.5.5.5,udp:1']);
    const mine = await cli(ns, ['restore'], 'add p 5.5.5.5,udp:1\nadd p 5.5.5.5,udp:1\n');
    assert.deepEqual(mine, ref);
  } finally {
    ns.destroy();
  }
});

test('data path: a set made by nlkit, matched by iptables -m set, drops packets', { skip: !canRun || !hasCommand('iptables') ? 'needs root and iptables' : false }, async () => {
  const a = createNetns('nlkit-dp');
  const b = createNetns('nlkit-dp');
  const s = await IPSet.open({ netns: b.name });
  try {
    const va = `va${process.pid % 10000}`, vb = `vb${process.pid % 10000}`;
    a.exec('ip', ['link', 'add', va, 'type', 'veth', 'peer', 'name', vb, 'netns', b.name]);
    a.exec('ip', ['addr', 'add', '192.0.2.1/24', 'dev', va]);
    a.exec('ip', ['link', 'set', va, 'up']);
    b.exec('ip', ['addr', 'add', '192.0.2.2/24', 'dev', vb]);
    b.exec('ip', ['link', 'set', vb, 'up']);
    await s.create('block', 'hash:net');
    b.exec('iptables', ['-A', 'INPUT', '-m', 'set', '--match-set', 'block', 'src', '-j', 'DROP']);
    // No ping here: a TCP connect to a closed port answers "refused" at once when packets pass,
    // and hangs until `timeout` (status 124) when they are dropped.
    const probe = () => a.run('timeout', ['2', 'bash', '-c', '</dev/tcp/192.0.2.2/9']).status;
    assert.notEqual(probe(), 124, 'packets pass before');
    await s.add('block', '192.0.2.0/24');
    assert.equal(probe(), 124, 'packets are dropped');
    await assert.rejects(s.destroy('block'), (e: IPSetError) => e.reason === 'Set cannot be destroyed: it is in use by a kernel component');
    await s.del('block', '192.0.2.0/24');
    assert.notEqual(probe(), 124, 'packets pass again');
  } finally {
    s.close();
    a.destroy();
    b.destroy();
  }
});
