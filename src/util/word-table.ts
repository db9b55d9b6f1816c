// Long tables of names and their wording, kept as text: one "NAME the words" per line.

/** Parses lines of "NAME text" (blank lines skipped) into { NAME: 'text' }. */
export function wordTable(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (!t) continue;
    const sp = t.indexOf(' ');
    out[t.slice(0, sp)] = t.slice(sp + 1);
  }
  return out;
}
