#!/usr/bin/env node
// Generates src/nl80211/schema/enums.ts from the kernel UAPI header <linux/nl80211.h>:
// every `enum` of the header becomes a name -> number object (the common
// prefix of its members removed), plus the kernel-doc line of each member.
//
//   node scripts/gen-nl80211.mjs [/usr/include/linux/nl80211.h] [out.ts]
//
// Members that are internal (`__X`), counts (`NUM_X`) and the `X_MAX` marker
// (defined from one of those) are left out. Bit enums written as `1 << n`
// or `BIT(n)` are evaluated. Only numbers and names come from the header.
import { readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const headerPath = process.argv[2] ?? '/usr/include/linux/nl80211.h';
const outPath = process.argv[3] ?? resolve(here, '../src/nl80211/schema/enums.ts');
const text = readFileSync(headerPath, 'utf8');

// ---- kernel-doc: "@NAME: text" lines in /** ... */ blocks ----
const docs = new Map();
for (const block of text.matchAll(/\/\*\*([\s\S]*?)\*\//g)) {
  const lines = block[1].split('\n').map((l) => l.replace(/^\s*\*/, ''));
  let cur = null;
  for (const line of lines) {
    const m = /^\s*@([A-Za-z0-9_]+):\s*(.*)$/.exec(line);
    if (m) {
      cur = m[1];
      docs.set(cur, m[2].trim());
    } else if (cur && /^\s+\S/.test(line)) {
      docs.set(cur, (docs.get(cur) + ' ' + line.trim()).trim());
    } else {
      cur = null;
    }
  }
}

// ---- enums ----
function stripComments(s) {
  return s.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
}

/** Evaluates a constant expression of the header: numbers, <<, |, -, +, BIT(), names. */
function evaluate(expr, scope) {
  const src = expr
    .trim()
    .replace(/BIT\(([^)]+)\)/g, '(1 << ($1))')
    .replace(/\b(0x[0-9a-fA-F]+|[0-9]+)[uUlL]+\b/g, '$1');
  const js = src.replace(/[A-Za-z_][A-Za-z0-9_]*/g, (name) => {
    if (scope.has(name)) return String(scope.get(name));
    throw new Error(`unknown name ${name} in '${expr}'`);
  });
  if (!/^[0-9xXa-fA-F\s()<>|+\-*&~]+$/.test(js)) throw new Error(`cannot evaluate '${expr}'`);
  // eslint-disable-next-line no-new-func
  const v = Function(`"use strict"; return (${js});`)();
  // `1 << 31` is negative in JS: the kernel's enum values are unsigned.
  return v < 0 && /<</.test(js) ? v >>> 0 : v;
}

const scope = new Map();
const enums = [];
for (const m of stripComments(text).matchAll(/enum\s+([A-Za-z0-9_]+)\s*\{([\s\S]*?)\}\s*;/g)) {
  const [, cname, body] = m;
  let next = 0;
  const members = [];
  for (const raw of body.split(',')) {
    const item = raw.trim();
    if (!item) continue;
    const mm = /^([A-Za-z_][A-Za-z0-9_]*)\s*(?:=\s*([\s\S]+))?$/.exec(item);
    if (!mm) throw new Error(`${cname}: cannot parse '${item}'`);
    const [, name, expr] = mm;
    const value = expr !== undefined ? evaluate(expr, scope) : next;
    scope.set(name, value);
    next = value + 1;
    const internal = /^(__|NUM_|NL80211_NUM_)/.test(name) || (expr !== undefined && /(^|\W)(__|NUM_)/.test(expr));
    members.push({ name, value, internal, bit: expr !== undefined && /<<|BIT\(/.test(expr) });
  }
  enums.push({ cname, members });
}

function commonPrefix(names) {
  if (names.length === 0) return '';
  let p = names[0];
  for (const n of names) while (!n.startsWith(p)) p = p.slice(0, -1);
  // Cut back to a whole word (an underscore) and never swallow a whole member name.
  const cut = p.lastIndexOf('_');
  p = cut >= 0 ? p.slice(0, cut + 1) : '';
  if (names.some((n) => n === p.slice(0, -1) || n.length <= p.length)) {
    const c2 = p.slice(0, -1).lastIndexOf('_');
    p = c2 >= 0 ? p.slice(0, c2 + 1) : '';
  }
  return p;
}

// Export names that the prefix rule would make ambiguous or unclear.
const exportOverride = {
  nl80211_txrate_gi: 'TXRATE_GI',
  nl80211_tx_rate_attributes: 'TXRATE',
  nl80211_he_gi: 'HE_GI',
  nl80211_he_ltf: 'HE_LTF',
  nl80211_he_ru_alloc: 'HE_RU_ALLOC',
  nl80211_eht_gi: 'EHT_GI',
  nl80211_eht_ru_alloc: 'EHT_RU_ALLOC',
  nl80211_commands: 'CMD',
  nl80211_attrs: 'ATTR',
  plink_actions: 'PLINK_ACTION',
  nl80211_sta_p2p_ps_status: 'P2P_PS',
  nl80211_wowlan_triggers: 'WOWLAN_TRIG',
  nl80211_packet_pattern_attr: 'PKTPAT',
  nl80211_tdls_peer_capability: 'TDLS_PEER',
  nl80211_reg_rule_attr: 'REG_RULE_ATTR',
  nl80211_ac: 'AC',
  nl80211_key_mode: 'KEY_MODE',
  nl80211_key_attributes: 'KEY',
  nl80211_dfs_regions: 'DFS_REGION',
  nl80211_dfs_state: 'DFS_STATE',
  nl80211_channel_type: 'CHANNEL_TYPE',
  nl80211_reg_initiator: 'REG_INITIATOR',
  nl80211_reg_type: 'REG_TYPE',
  nl80211_protocol_features: 'PROTOCOL_FEATURE',
  nl80211_ap_sme_features: 'AP_SME',
  nl80211_nan_publish_type: 'NAN_PUBLISH_TYPE',
  nl80211_nan_function_type: 'NAN_FUNC_TYPE',
  nl80211_nan_func_attributes: 'NAN_FUNC',
  nl80211_nan_match_attributes: 'NAN_MATCH',
  nl80211_tx_rate_setting: 'TX_RATE_SETTING',
  nl80211_tdls_operation: 'TDLS_OPER',
  nl80211_radar_event: 'RADAR_EVENT',
  nl80211_ps_state: 'PS_STATE',
  nl80211_timeout_reason: 'TIMEOUT_REASON',
  nl80211_cqm_rssi_threshold_event: 'CQM_RSSI_THRESHOLD_EVENT',
  nl80211_auth_type: 'AUTH_TYPE',
  nl80211_key_type: 'KEY_TYPE',
  nl80211_tx_power_setting: 'TX_POWER_SETTING',
  nl80211_wmm_rule: 'WMM_RULE',
};
// Prefixes to strip, when the members' common prefix is not the right one.
const prefixOverride = {
  nl80211_he_gi: 'NL80211_RATE_INFO_HE_GI_',
  nl80211_he_ltf: 'NL80211_RATE_INFO_HE_',
  nl80211_he_ru_alloc: 'NL80211_RATE_INFO_HE_RU_ALLOC_',
  nl80211_eht_gi: 'NL80211_RATE_INFO_EHT_GI_',
  nl80211_eht_ru_alloc: 'NL80211_RATE_INFO_EHT_RU_ALLOC_',
  nl80211_txrate_gi: 'NL80211_TXRATE_',
  nl80211_ac: 'NL80211_AC_',
  nl80211_protocol_features: 'NL80211_PROTOCOL_FEATURE_',
  nl80211_ap_sme_features: 'NL80211_AP_SME_',
  nl80211_nan_match_attributes: 'NL80211_NAN_MATCH_',
};

// One enum is one object, written densely: a line per ten values (0-9, 10-19, ...), or for an
// enum of bits (`1 << n`, `BIT(n)`) a line per byte of the mask, from the opening brace on; so a
// short enum stands on one line and a number is found by its row.
function objectLines(head, members, tail) {
  const bits = members.some((x) => x.bit);
  const row = (v) => (bits ? Math.floor(Math.log2(v || 1) / 8) : Math.floor(v / 10));
  const rows = [];
  for (const x of members) {
    if (rows.length && rows.at(-1).key === row(x.value)) rows.at(-1).items.push(x.entry);
    else rows.push({ key: row(x.value), items: [x.entry] });
  }
  return rows.map((r, i) => `${i === 0 ? `${head} ` : '  '}${r.items.join(', ')}${i === rows.length - 1 ? ` ${tail}` : ','}`);
}

const seen = new Map();
const out = [];
const sha = createHash('sha256').update(text).digest('hex').slice(0, 16);
out.push(`// GENERATED by scripts/gen-nl80211.mjs from the kernel UAPI header <linux/nl80211.h>`);
out.push(`// (${headerPath}, sha256 ${sha}...). Do not edit by hand: re-run the script.`);
out.push(`// Each object maps the kernel's names (without their common prefix) to numbers;`);
out.push(`// NL80211_ENUMS lists them with their C enum name and prefix, NL80211_DOCS holds the`);
out.push(`// kernel-doc line of each member (for the decode tool).`);
out.push('');
const index = [];
for (const e of enums) {
  const visible = e.members.filter((x) => !x.internal);
  if (visible.length === 0) continue;
  const prefix = prefixOverride[e.cname] ?? commonPrefix(visible.map((x) => x.name));
  let exp = exportOverride[e.cname] ?? prefix.replace(/^NL80211_/, '').replace(/_$/, '');
  if (!exp) exp = e.cname.replace(/^nl80211_/, '').toUpperCase();
  if (seen.has(exp)) {
    const alt = e.cname.replace(/^nl80211_/, '').toUpperCase();
    console.warn(`${e.cname}: ${exp} already used by ${seen.get(exp)}; exported as ${alt}`);
    exp = alt;
  }
  if (seen.has(exp)) throw new Error(`export ${exp} of ${e.cname} already used by ${seen.get(exp)}`);
  seen.set(exp, e.cname);
  const entries = visible.map((x) => {
    if (!x.name.startsWith(prefix)) throw new Error(`${e.cname}: ${x.name} lacks prefix ${prefix}`);
    const key = x.name.slice(prefix.length);
    return { ...x, entry: `${/^[0-9]/.test(key) ? `'${key}'` : key}: ${x.value}` };
  });
  out.push(`/** enum ${e.cname} (${prefix}*) */`);
  out.push(...objectLines(`export const ${exp} = {`, entries, '} as const;'));
  out.push('');
  index.push({ exp, cname: e.cname, prefix });
}
out.push('/** Every enum above: its export, the C enum name and the prefix of its members. */');
out.push('export const NL80211_ENUMS = [');
for (const i of index) out.push(`  { name: '${i.exp}', cname: '${i.cname}', prefix: '${i.prefix}', values: ${i.exp} },`);
out.push('] as const;');
out.push('');
out.push('/** Kernel-doc of each member, by full kernel name (first sentence, whitespace folded). */');
out.push('export const NL80211_DOCS: Readonly<Record<string, string>> = {');
for (const e of enums) {
  for (const x of e.members) {
    if (x.internal) continue;
    const d = docs.get(x.name);
    if (!d) continue;
    const first = d.replace(/\s+/g, ' ').replace(/^(.{0,200}?[.;])\s.*$/, '$1').slice(0, 240);
    out.push(`  ${x.name}: ${JSON.stringify(first)},`);
  }
}
out.push('};');
out.push('');
writeFileSync(outPath, out.join('\n'));
console.log(`wrote ${outPath}: ${index.length} enums, ${scope.size} names`);
