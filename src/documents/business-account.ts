// Whose account a bank statement is: a business item needs the business's own account, not the owner's personal one.
import type { LeadIdentity } from './types';
import { namesMatch } from './validate';

const LEGAL_SUFFIXES = new Set(['llc', 'inc', 'incorporated', 'corp', 'corporation', 'co', 'company', 'ltd', 'limited', 'lp', 'llp', 'pllc', 'pc']);
const DBA_RE = /\b(?:d\/?b\/?a|doing business as|a\/?k\/?a)\b/i;

function words(s: string): string[] {
  return s.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/&/g, ' and ').replace(/\./g, '').split(/[^a-z0-9]+/).filter(Boolean);
}

/** A name's words without "the" and legal suffixes: "The Acme Co., Inc." is acme. */
export function nameWords(name: string): string[] {
  return words(name).filter((w) => w !== 'the' && !LEGAL_SUFFIXES.has(w));
}

/** The names a holder or business goes by ("X LLC DBA Y" is X and Y), as words without legal suffixes. */
function businessNames(name: string): string[][] {
  return name
    .split(DBA_RE)
    .map(nameWords)
    .filter((ws) => ws.length > 0);
}

/** One name's words all appear in the other's; a one-word name only matches exactly ("Acme" is not "Acme Rooter"). */
function sameBusiness(holder: string, business: string): boolean {
  const covers = (a: string[], b: string[]) => b.every((w) => a.includes(w)) && (b.length > 1 || a.length === 1);
  return businessNames(holder).some((h) => businessNames(business).some((b) => covers(h, b) || covers(b, h)));
}

/** The lead's own name and nothing else (initials allowed): no business word, no DBA. */
function onlyPersonName(name: string, lead: LeadIdentity): boolean {
  if (!lead.lastName || DBA_RE.test(name)) return false;
  const person = words(`${lead.firstName ?? ''} ${lead.lastName}`);
  return namesMatch(name, { ...lead, businessName: null }) === true && words(name).every((w) => person.includes(w) || w.length === 1);
}

/** "Files must be business bank statements": the account is the business's, not the owner's personal one. */
export function businessAccountProblem(holder: unknown, lead: LeadIdentity | undefined): { hard: boolean; reason: string } | null {
  if (typeof holder !== 'string' || !holder.trim()) return { hard: false, reason: "could not read the account holder's name to check it is the business's account" };
  // A sole proprietorship may be named after its owner: then the owner's name is the business's.
  if (lead && onlyPersonName(holder, lead) && !onlyPersonName(lead.businessName ?? '', lead)) {
    return { hard: true, reason: "this looks like a personal account; we need the business account's statements" };
  }
  if (lead?.businessName) {
    return sameBusiness(holder, lead.businessName) ? null : { hard: false, reason: `the account holder (${holder}) does not match the business name (${lead.businessName})` };
  }
  const looksLikeBusiness = DBA_RE.test(holder) || words(holder).some((w) => LEGAL_SUFFIXES.has(w));
  return looksLikeBusiness ? null : { hard: false, reason: `could not confirm the account holder (${holder}) is the business` };
}
