// Form 1040 and Schedules C / E: the header block (year, names, status), not the whole return.
import { afterLabel, parseMoney, titleCase } from '../parse';
import { AMOUNT_RE, EIN_RE, NOT_ZIP4, cleanName, last4, withoutRevisions, type ExtractContext, type Extraction } from './context';

function taxYearOf(raw: string, form: RegExp): number | null {
  const text = withoutRevisions(raw);
  const m =
    new RegExp(`(?:${form.source})[^\\n]{0,60}?\\b(20\\d{2})\\b`, 'i').exec(text) ??
    /for the (?:tax )?year[^\n]{0,30}?\b(20\d{2})\b/i.exec(text) ??
    /\b(20\d{2})\b/.exec(text);
  return m ? Number(m[1]) : null;
}

const STATUSES: [string, RegExp][] = [
  ['MARRIED_FILING_JOINTLY', /married filing jointly/i],
  ['MARRIED_FILING_SEPARATELY', /married filing separately/i],
  ['HEAD_OF_HOUSEHOLD', /head of household/i],
  ['QUALIFYING_SURVIVING_SPOUSE', /qualifying (surviving spouse|widow)/i],
  ['SINGLE', /\bsingle\b/i],
];

// Tax software flattens a ticked box to a bare "X" before its label.
const CHECK = String.raw`(?:\[\s*[xX✓✔]\s*\]|☒|☑|✔|✓|■|\(x\)|\bX\b)`;

/** What else a form's label line carries: the labels of the boxes beside it ("Last name", "Your social security number"). */
const NEIGHBOUR_LABELS =
  /^[\s.,:;-]*(?:(?:last name|(?:your |spouse.s )?social security number(?: \(ssn\))?|your identifying number|if no separate business name, leave blank\.?|[A-Z] (?:employer id number|enter code)[^]*)[\s.,:;-]*)+$/i;

/** The value of a labelled box: on the label's line after it, or, when only other labels follow, the next line. */
function line(ctx: ExtractContext, label: RegExp): string | null {
  const i = ctx.lines.findIndex((l) => label.test(l));
  if (i < 0) return null;
  const rest = ctx.lines[i]!.replace(new RegExp(`.*?(?:${label.source})\\s*:?`, 'i'), '').trim();
  return (rest && !NEIGHBOUR_LABELS.test(rest) ? rest : ctx.lines[i + 1]) || null;
}

/** An SSN printed whole or, on a copy, truncated to its last four digits ("XXX-XX-0192"). */
const ANY_SSN = new RegExp(String.raw`(?<![\w-])${NOT_ZIP4}(?:\d{3}|[X*]{3})[- ]?(?:\d{2}|[X*]{2})[- ]?\d{4}(?![\d-])`, 'i');

/** A name line without the identifying number printed beside it ("DANA M WHITFIELD 412-55-0192", or "41255-0192"). */
function withoutNumbers(s: string): string {
  return s.replace(new RegExp(`${ANY_SSN.source}|\\b\\d{5}-\\d{4}\\b|\\b\\d{2}-\\d{7}\\b`, 'gi'), '').trim();
}


/**
 * An amount on a numbered line of an IRS form: the amount column follows the line's own number again
 * ("11 Subtract line 10 ... adjusted gross income 11 52,310."), whole dollars, often with a trailing period.
 */
function formLineAmount(ctx: ExtractContext, label: RegExp): number | null {
  for (const [i, l] of ctx.lines.entries()) {
    if (!label.test(l)) continue;
    const number = /^\s*(\d{1,2}[a-z]?)\s/.exec(l)?.[1];
    if (!number) continue;
    // A long label wraps: the amount ends the line, or one of the next two ("… was checked . . . 1 184,250."), until
    // the next numbered line ("3 Subtract line 2 from line 1 …" ends in line 3's amount, not line 1's).
    const next = ctx.lines.slice(i + 1, i + 3);
    const wrapped = next.slice(0, (next.findIndex((x) => /^\s*\d{1,2}[a-z]?\s/.test(x)) + 1 || next.length + 1) - 1);
    for (const candidate of [l.slice(number.length), ...wrapped]) {
      // A loss is in parentheses: "31 (1,200.)".
      const m = new RegExp(String.raw`\s${number}\s+\$?\s?(\(?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d{2})?\.?\)?)\.?\s*$`, 'i').exec(candidate);
      if (!m) continue;
      const v = parseMoney(m[1]!.replace(/[()]/g, '').replace(/\.$/, ''));
      return v === null ? null : m[1]!.startsWith('(') ? -v : v;
    }
  }
  return null;
}

export function extract1040(ctx: ExtractContext): Extraction {
  const t = ctx.text;
  const explicit = /filing status\s*:?\s*([A-Za-z ]{5,40})/i.exec(t)?.[1] ?? '';
  // "Filing status: Single" names one; the form's heading beside its printed options names them all, or only the
  // first ("Filing Status Single", the others on the next lines): a box ticked on one status under the heading
  // outranks it. A mark far from the heading (the standard deduction's sidebar) does not.
  const named = STATUSES.filter(([, re]) => re.test(explicit));
  const heading = ctx.lines.findIndex((l) => /filing status/i.test(l));
  // The options carry no amounts; the standard deduction's sidebar does ("■ Head of household, $21,900").
  const near = heading >= 0 ? ctx.lines.slice(heading, heading + 4).filter((l) => !/\$\s?\d|standard deduction/i.test(l)).join('\n') : t;
  const tickedIn = (s: string) => STATUSES.filter(([, re]) => new RegExp(`${CHECK}\\s*${re.source}`, 'i').test(s));
  const ticked = tickedIn(near);
  const anywhere = tickedIn(t);
  const filingStatus = (ticked.length === 1 ? ticked[0] : named.length === 1 ? named[0] : (ticked[0] ?? anywhere[0]))?.[0] ?? null;
  let first = line(ctx, /your first name( and (middle )?initial)?/i);
  const last = line(ctx, /^last name/i);
  if (first && last && !first.includes(' ') && /^[A-Za-z'-]+$/.test(last)) first = `${first} ${last}`;
  // The taxpayer's, printed first (a dependent's follows), even truncated.
  const ssn = ANY_SSN.exec(t)?.[0] ?? null;
  const agi = afterLabel(t, /adjusted gross income/i, new RegExp(AMOUNT_RE.source));
  const agiOnLine = formLineAmount(ctx, /adjusted gross income/i);
  return {
    fields: {
      taxYear: taxYearOf(t, /form\s*1040|individual income tax return/),
      filingStatus,
      taxpayerName: first ? titleCase(cleanName(withoutNumbers(first).replace(/last name.*$/i, '')) ?? '') || null : null,
      adjustedGrossIncome: agiOnLine ?? (agi ? parseMoney(agi) : null),
      ssnLast4: last4(ssn),
    },
    secrets: { ssn },
  };
}

export function extractScheduleC(ctx: ExtractContext): Extraction {
  const t = ctx.text;
  const proprietor = line(ctx, /name of proprietor/i);
  const business = line(ctx, /business name(?!\/)/i);
  const ein = EIN_RE.exec(t)?.[0] ?? null;
  const ssn = /social security number[^\n]*?(\d{3}-\d{2}-\d{4})/i.exec(t)?.[1] ?? null;
  const gross = afterLabel(t, /gross receipts or sales/i, new RegExp(AMOUNT_RE.source));
  const net = afterLabel(t, /net profit or \(loss\)|net profit/i, new RegExp(AMOUNT_RE.source));
  const grossOnLine = formLineAmount(ctx, /gross receipts or sales/i);
  const netOnLine = formLineAmount(ctx, /net profit or \(loss\)|net profit/i);
  return {
    fields: {
      proprietorName: proprietor ? titleCase(cleanName(withoutNumbers(proprietor).replace(/social security.*$/i, '')) ?? '') || null : null,
      businessName: business ? cleanName(withoutNumbers(business).replace(/\bD\s*employer id.*$/i, '')) : null,
      principalBusiness: (() => {
        const v = line(ctx, /principal business or profession(?:, including product or service \(see instructions\))?/i);
        return v ? v.replace(/\s+\d{6}$/, '') || null : null; // the business code printed beside it
      })(),
      ein,
      taxYear: taxYearOf(t, /schedule\s*C|profit or loss from business/),
      grossReceipts: grossOnLine ?? (gross ? parseMoney(gross) : null),
      netProfit: netOnLine ?? (net ? parseMoney(net) : null),
    },
    secrets: { ein, ssn },
  };
}

export function extractScheduleE(ctx: ExtractContext): Extraction {
  const t = ctx.text;
  const name = line(ctx, /name\(s\) shown on return/i);
  return {
    fields: {
      taxpayerName: name ? titleCase(cleanName(withoutNumbers(name).replace(/your (social security|identifying) number.*$/i, '')) ?? '') || null : null,
      taxYear: taxYearOf(t, /schedule\s*E|supplemental income and loss/),
      totalRentalIncome: (() => {
        const onLine = formLineAmount(ctx, /total amounts reported on line 3|total rents received/i) ?? formLineAmount(ctx, /rents received/i);
        const v = afterLabel(t, /total rents received|rents received/i, new RegExp(AMOUNT_RE.source));
        return onLine ?? (v ? parseMoney(v) : null);
      })(),
    },
    secrets: {},
  };
}
