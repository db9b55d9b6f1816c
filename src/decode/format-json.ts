// JSON output of `nlkit decode --json`: NDJSON, one DecodedMessage per line. bigints become
// numbers when exact and strings otherwise; bytes (Uint8Array and Buffer alike) become hex strings.
import type { DecodedMessage } from './types.js';

/**
 * JSON.stringify calls Buffer's own toJSON before a replacer sees the value, so the replacer
 * reads the raw value from the holder (`this[key]`) instead of the converted one.
 */
export function jsonReplacer(this: unknown, key: string, value: unknown): unknown {
  const v = key === '' ? value : (this as Record<string, unknown>)[key];
  if (typeof v === 'bigint') return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex');
  return value;
}

/** A value as JSON text (bigint-safe, bytes as hex). */
export function toJsonText(value: unknown): string {
  return JSON.stringify(value, jsonReplacer);
}

/** One message as one NDJSON line (ends with '\n'). */
export function formatMessageJson(m: DecodedMessage): string {
  return JSON.stringify(m, jsonReplacer) + '\n';
}
