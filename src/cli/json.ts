// JSON output for typed objects: bigints as numbers when exact, else strings; bytes as hex.
import { jsonReplacer } from '../decode/format-json.js';

export function toJson(value: unknown, indent = 2): string {
  return JSON.stringify(value, jsonReplacer, indent);
}
