// Placeholder while the full parser lands: every element kept raw.
export interface RawElement {
  type: 'raw';
  id: number;
  data: Uint8Array;
  error?: string;
}
export type InformationElement = RawElement;

export function parseIEs(bytes: Uint8Array): InformationElement[] {
  const out: InformationElement[] = [];
  let at = 0;
  while (at < bytes.length) {
    const id = bytes[at]!;
    if (at + 2 > bytes.length) { out.push({ type: 'raw', id, data: bytes.slice(at + 1), error: 'truncated header' }); break; }
    const len = bytes[at + 1]!;
    const end = at + 2 + len;
    if (end > bytes.length) { out.push({ type: 'raw', id, data: bytes.slice(at + 2), error: `length ${len} runs past the end` }); break; }
    out.push({ type: 'raw', id, data: bytes.slice(at + 2, end) });
    at = end;
  }
  return out;
}
