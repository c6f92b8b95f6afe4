// Form 1040 and Schedules C / E: the header block (year, names, status), not the whole return.
import { afterLabel, parseMoney, titleCase } from '../parse';
import { AMOUNT_RE, EIN_RE, SSN_RE, cleanName, last4, type ExtractContext, type Extraction } from './context';

function taxYearOf(text: string, form: RegExp): number | null {
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

const CHECK = String.raw`(?:\[\s*[xX✓✔]\s*\]|☒|☑|✔|✓|■|\(x\))`;

function line(ctx: ExtractContext, label: RegExp): string | null {
  const i = ctx.lines.findIndex((l) => label.test(l));
  if (i < 0) return null;
  const rest = ctx.lines[i]!.replace(new RegExp(`.*?(?:${label.source})\\s*:?`, 'i'), '').trim();
  return rest || ctx.lines[i + 1] || null;
}

export function extract1040(ctx: ExtractContext): Extraction {
  const t = ctx.text;
  let filingStatus: string | null = null;
  const explicit = /filing status\s*:?\s*([A-Za-z ]{5,40})/i.exec(t)?.[1] ?? '';
  for (const [k, re] of STATUSES) if (re.test(explicit)) filingStatus ??= k;
  for (const [k, re] of STATUSES) if (!filingStatus && new RegExp(`${CHECK}\\s*${re.source}`, 'i').test(t)) filingStatus = k;
  let first = line(ctx, /your first name( and (middle )?initial)?/i);
  const last = line(ctx, /^last name/i);
  if (first && last && !first.includes(' ') && /^[A-Za-z'-]+$/.test(last)) first = `${first} ${last}`;
  const ssn = SSN_RE.exec(t)?.[0] ?? null;
  const agi = afterLabel(t, /adjusted gross income/i, new RegExp(AMOUNT_RE.source));
  return {
    fields: {
      taxYear: taxYearOf(t, /form\s*1040|individual income tax return/),
      filingStatus,
      taxpayerName: first ? titleCase(cleanName(first.replace(/last name.*$/i, '')) ?? '') || null : null,
      adjustedGrossIncome: agi ? parseMoney(agi) : null,
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
  return {
    fields: {
      proprietorName: proprietor ? titleCase(cleanName(proprietor.replace(/social security.*$/i, '')) ?? '') || null : null,
      businessName: business ? cleanName(business.replace(/\bD\s*employer id.*$/i, '')) : null,
      principalBusiness: line(ctx, /principal business or profession/i),
      ein,
      taxYear: taxYearOf(t, /schedule\s*C|profit or loss from business/),
      grossReceipts: gross ? parseMoney(gross) : null,
      netProfit: net ? parseMoney(net) : null,
    },
    secrets: { ein, ssn },
  };
}

export function extractScheduleE(ctx: ExtractContext): Extraction {
  const t = ctx.text;
  const name = line(ctx, /name\(s\) shown on return/i);
  return {
    fields: {
      taxpayerName: name ? titleCase(cleanName(name.replace(/your (social security|identifying) number.*$/i, '')) ?? '') || null : null,
      taxYear: taxYearOf(t, /schedule\s*E|supplemental income and loss/),
      totalRentalIncome: (() => {
        const v = afterLabel(t, /total rents received|rents received/i, new RegExp(AMOUNT_RE.source));
        return v ? parseMoney(v) : null;
      })(),
    },
    secrets: {},
  };
}
