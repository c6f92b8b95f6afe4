// What to tell the lead about the files they sent: one short, SMS-friendly sentence per file (per document for
// bundles), naming the file, what it was taken as, what was wrong and what to send instead. Pure function.
// Never repeats identifiers or document text: only types, dates and generic problems.
import { TYPE_LABELS } from './labels';
import type { AnalyzedSegment, DocumentAnalysis, ItemMatch } from './types';

export interface FileVerdict {
  filename: string;
  analysis: DocumentAnalysis;
  matches: ItemMatch[];
}

export interface DescribeOptions {
  /** Checklist item labels by id, to say which item a file filled ("your Government-issued ID"). */
  items?: { id: string; label: string }[];
  /** What is still missing after these files, in asking order (labels or client instructions). */
  stillMissing?: string[];
}

function article(label: string): string {
  return /^[aeiou]/i.test(label) || /^(8|11|18)/.test(label) ? `an ${label}` : `a ${label}`;
}

function plural(label: string, n: number): string {
  if (n === 1) return article(label);
  return `${n} ${label.endsWith('s') ? label : `${label}s`}`;
}

function list(parts: string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** An item's label inside a sentence: "Voided check" → "voided check"; "W-9" and "IRS letter" keep their capitals. */
function inSentence(label: string): string {
  return /^[A-Z][a-z]/.test(label) ? label[0]!.toLowerCase() + label.slice(1) : label;
}

function fmtDate(iso: unknown): string | null {
  if (typeof iso !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(iso)) return null;
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return `${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][m - 1]} ${d}, ${y}`;
}

/** Problems in words the lead understands, most important first, with what to do about them. */
function problems(seg: AnalyzedSegment, matches: ItemMatch[], label = TYPE_LABELS[seg.type]): { what: string; ask: string }[] {
  const failed = new Set(seg.validation.validationResults.filter((r) => !r.isValid).map((r) => r.ruleName));
  const out: { what: string; ask: string }[] = [];
  if (failed.has('not_expired')) {
    const d = fmtDate(seg.fields.expirationDate);
    out.push(d ? { what: `it expired on ${d}`, ask: 'Could you send one that is current?' } : { what: "I couldn't read the expiration date", ask: 'Could you send a clearer photo of the front?' });
  }
  if (failed.has('not_placeholder_name')) out.push({ what: 'it looks like a sample, not your own document', ask: `Could you send your own ${label}?` });
  for (const m of matches) {
    const recency = m.reason ? /dated (\d{4}-\d{2}-\d{2}), \d+ days ago; we need one (within \d+ days)/.exec(m.reason) : null;
    if (recency) out.push({ what: `it's dated ${fmtDate(recency[1])}`, ask: `We need one ${recency[2]!.replace('within', 'from the last')}.` });
    const year = m.reason ? /is for (\d{4}); we need the one for (\d{4})/.exec(m.reason) : null;
    if (year) out.push({ what: `it's for ${year[1]}`, ask: `Could you send the one for ${year[2]}?` });
    const old = m.reason ? /is for (\d{4}); we need the last (\d+) years/.exec(m.reason) : null;
    if (old) out.push({ what: `it's for ${old[1]}`, ask: `We need the last ${old[2]} years.` });
    if (m.reason && /personal account/.test(m.reason)) out.push({ what: 'it looks like a personal account', ask: "We need the statements of the business's own account." });
  }
  if (failed.has('tin_present')) out.push({ what: 'the SSN/EIN box is blank', ask: 'Could you fill it in and send it again?' });
  if (failed.has('readable')) out.push({ what: "it's hard to read", ask: 'Could you send a clearer photo, flat and in good light?' });
  if (failed.has('paystub_arithmetic')) out.push({ what: "the totals don't add up", ask: 'Could you send the original PDF from your payroll portal?' });
  if (failed.has('name_matches_lead')) out.push({ what: "the name on it doesn't match yours", ask: 'Is it the right document?' });
  if (failed.has('ssn_format') || failed.has('ein_format')) out.push({ what: "the tax ID number on it doesn't look valid", ask: 'Could you double-check it?' });
  if (failed.has('zip_format')) out.push({ what: "the ZIP code in the address doesn't look right", ask: 'Could you double-check it?' });
  if (failed.has('dates_plausible')) out.push({ what: "the dates on it don't look right", ask: 'Could you send a clearer copy?' });
  if (failed.has('name_present')) out.push({ what: "I couldn't find your name on it", ask: 'Could you send a copy that shows your name?' });
  if (failed.has('required_fields') && out.length === 0) out.push({ what: "I couldn't read all of it", ask: 'A clearer copy would help.' });
  return out;
}

function describeSegment(filename: string, seg: AnalyzedSegment, matches: ItemMatch[], items: Map<string, string>): string {
  const name = `"${filename}"`;
  const label = TYPE_LABELS[seg.type];
  const year = typeof seg.fields.taxYear === 'number' ? `${seg.fields.taxYear} ` : '';
  if (seg.type === 'OTHER') {
    const unreadable = seg.validation.validationResults.some((r) => r.ruleName === 'readable' && !r.isValid);
    if (unreadable) return `I couldn't read ${name}. Could you send a clearer photo, flat and in good light?`;
    // Of no type we know, but sent for an item, or naming it: only a person can say it is the right document.
    const forItem = matches.map((m) => items.get(m.itemId)).find(Boolean);
    if (!forItem) return `I couldn't tell what ${name} is; it doesn't look like one of the documents on your list.`;
    const yours = `your ${inSentence(forItem)}`;
    if (matches.every((m) => m.status === 'COMPLETED')) return `Got ${name}: ${yours}. Thanks!`;
    if (matches.some((m) => m.status === 'INVALID')) {
      const ps = problems(seg, matches, inSentence(forItem));
      return ps.length ? `Got ${name}, ${yours}, but ${ps.slice(0, 2).map((p) => p.what).join(' and ')}. ${ps[0]!.ask}` : `Got ${name}, ${yours}, but I can't accept it as is. Someone on our team will take a look.`;
    }
    return `Got ${name}: it looks like ${yours}. Someone on our team will check it.`;
  }
  const ps = problems(seg, matches);
  // "a 2020 W-2, but it's for 2020" says the year twice.
  const taken = article(`${ps.some((p) => /^it's for \d{4}/.test(p.what)) ? '' : year}${label}`);
  if (!matches.length) return `Got ${name}: it looks like ${taken}, which isn't one of the items on your list, so no action needed.`;
  const invalid = matches.some((m) => m.status === 'INVALID');
  const forItem = matches.map((m) => items.get(m.itemId)).filter(Boolean)[0];
  if (invalid || (ps.length && matches.every((m) => m.status !== 'COMPLETED'))) {
    if (ps.length) return `Got ${name}, ${taken}, but ${ps.slice(0, 2).map((p) => p.what).join(' and ')}. ${ps[0]!.ask}`;
    return `Got ${name}, ${taken}, but I can't accept it as is. Someone on our team will take a look.`;
  }
  if (matches.every((m) => m.status === 'COMPLETED')) return `Got ${name}: your ${year}${label}${forItem && !forItem.toLowerCase().includes(label.toLowerCase()) ? ` (${forItem})` : ''}. Thanks!`;
  const partial = matches.map((m) => m.reason && /^(\d+) of (\d+) (months )?received(?:.*; missing (.+))?$/.exec(m.reason)).find(Boolean);
  if (partial) {
    const [have, need] = [Number(partial[1]), Number(partial[2])];
    if (partial[3]) return `Got ${name}: your ${label}, thanks! That's ${have} of ${need} months; please send ${partial[4] ? `the one for ${partial[4]}` : 'the others'}.`;
    return `Got ${name}: your ${label}, thanks! That's ${have} of ${need}; please send the other${need - have > 1 ? ` ${need - have}` : ''}.`;
  }
  return `Got ${name}, ${taken}. We'll double-check it and get back to you if anything is missing.`;
}

export function describeForLead(results: FileVerdict[], options: DescribeOptions = {}): string[] {
  const items = new Map((options.items ?? []).map((i) => [i.id, i.label]));
  const out: string[] = [];
  for (const r of results) {
    if (r.analysis.kind === 'rejected') {
      out.push(r.analysis.leadMessage);
      continue;
    }
    const segs = r.analysis.segments;
    if (segs.length === 0) {
      out.push(`I couldn't read "${r.filename}". Could you send it again?`);
      continue;
    }
    if (segs.length > 1) out.push(...describeBundle(r, items));
    else out.push(describeSegment(r.filename, segs[0]!, r.matches.filter((m) => m.segmentIndex === 0), items));
  }
  if (options.stillMissing?.length) {
    const m = options.stillMissing;
    out.push(`Still needed: ${m.length === 1 ? m[0] : `${m.slice(0, -1).join(', ')} and ${m[m.length - 1]}`}.`);
  } else if (options.stillMissing && results.length) {
    out.push("That's everything on the list. Thank you!");
  }
  return out;
}

/** A file holding several documents: one sentence listing what was found, then one per document with a problem. */
function describeBundle(r: FileVerdict, items: Map<string, string>): string[] {
  if (r.analysis.kind !== 'ok') return [];
  const segs = r.analysis.segments;
  // The matcher reports one (best) segment per item; a second valid segment of the same type (the other pay stub)
  // shares that item's verdict.
  const per = segs.map((seg, i) => {
    const own = r.matches.filter((m) => m.segmentIndex === i);
    const sibling = r.matches.filter((m) => m.segmentIndex !== i && (m.value as { documentType?: string } | null)?.documentType === seg.type);
    return { seg, matches: own.length || !seg.validation.overallValid || seg.type === 'OTHER' ? own : sibling };
  });
  // A document of no known type is named by the item it was taken for ("your divorce decree"), if any.
  const itemOf = (p: (typeof per)[number]) => {
    const label = p.seg.type === 'OTHER' ? p.matches.map((m) => items.get(m.itemId)).find(Boolean) : undefined;
    return label && `your ${inSentence(label)}`;
  };
  const counts = new Map<string, number>();
  for (const p of per) if (p.seg.type !== 'OTHER') counts.set(TYPE_LABELS[p.seg.type], (counts.get(TYPE_LABELS[p.seg.type]) ?? 0) + 1);
  const yours = [...new Set(per.map(itemOf).filter((y): y is string => Boolean(y)))];
  const found = list([...[...counts].map(([l, n]) => plural(l, n)), ...yours]);
  const issues: string[] = [];
  const unlisted = new Map<string, number>();
  for (const p of per) {
    const where = `page${p.seg.pages.length > 1 ? 's' : ''} ${p.seg.pages[0]}${p.seg.pages.length > 1 ? `-${p.seg.pages[p.seg.pages.length - 1]}` : ''}`;
    if (p.seg.type === 'OTHER') {
      const yours = itemOf(p);
      const several = p.seg.pages.length > 1;
      if (!yours) issues.push(`I couldn't tell what ${where} ${several ? 'are' : 'is'}.`);
      else if (p.matches.some((m) => m.status !== 'COMPLETED')) issues.push(`${where[0]!.toUpperCase()}${where.slice(1)} ${several ? 'look' : 'looks'} like ${yours}; someone on our team will check ${several ? 'them' : 'it'}.`);
      continue;
    }
    if (!p.matches.length) {
      unlisted.set(TYPE_LABELS[p.seg.type], (unlisted.get(TYPE_LABELS[p.seg.type]) ?? 0) + 1);
      continue;
    }
    if (p.matches.every((m) => m.status === 'COMPLETED')) continue;
    const ps = problems(p.seg, p.matches);
    if (ps.length) issues.push(`The ${TYPE_LABELS[p.seg.type]} (${where}): ${list(ps.slice(0, 2).map((x) => x.what))}. ${ps[0]!.ask}`);
    else if (p.matches.some((m) => m.status === 'INVALID')) issues.push(`The ${TYPE_LABELS[p.seg.type]} (${where}) can't be accepted as is; someone on our team will take a look.`);
  }
  const head = found ? `Got "${r.filename}": ${found}.` : `Got "${r.filename}".`;
  const notListed = list([...unlisted].map(([l, n]) => (n > 1 ? `the ${l}s` : `the ${l}`)));
  const extra = unlisted.size ? ` ${notListed[0]!.toUpperCase()}${notListed.slice(1)} ${unlisted.size > 1 || [...unlisted.values()][0]! > 1 ? "aren't" : "isn't"} on your list, so no action needed.` : '';
  if (!issues.length) return [`${head}${extra}${per.some((p) => p.matches.length) ? ' Thanks!' : ''}`];
  return [`${head}${extra}`, ...issues];
}
