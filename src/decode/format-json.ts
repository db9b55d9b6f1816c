// JSON output of `nlkit decode --json`: NDJSON, one DecodedMessage per line. bigints become
// numbers when exact and strings otherwise; bytes become hex strings.
import type { DecodedMessage } from './types.js';

function replacer(_key: string, v: unknown): unknown {
  if (typeof v === 'bigint') return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex');
  return v;
}

/** A value as JSON text (bigint-safe, bytes as hex). */
export function toJsonText(value: unknown): string {
  return JSON.stringify(value, replacer);
}

/** One message as one NDJSON line (ends with '\n'). */
export function formatMessageJson(m: DecodedMessage): string {
  return JSON.stringify(m, replacer) + '\n';
}
