// Masking of personal numbers before text reaches a model, a summary or a log: SSNs, EINs/TINs and account numbers
// keep their last 4 digits, which is enough for a person to recognise them.

/** `554-03-0876` → `***-**-0876`. Accepts any 9-digit SSN spelling. */
export function maskSsn(ssn: string): string {
  const d = ssn.replace(/\D/g, '');
  return `***-**-${d.slice(-4).padStart(4, '*')}`;
}

/** `63-0065650` → `**-***5650`. */
export function maskEin(ein: string): string {
  const d = ein.replace(/\D/g, '');
  return `**-***${d.slice(-4).padStart(4, '*')}`;
}

/** Any account-like number → `****1234`. */
export function maskAccount(account: string): string {
  const d = account.replace(/[^0-9A-Za-z]/g, '');
  return `****${d.slice(-4)}`;
}

const SSN = /\b(?!\d{2}-\d{7}\b)\d{3}[- ]?\d{2}[- ]?\d{4}\b/g;
const LONG_NUMBER = /\b\d(?:[ -]?\d){7,}\d{4}\b/g;

/** Conversation text (messages, tool summaries, model context): SSNs in any spelling and long digit runs. */
export function redactPii(text: string): string {
  return text.replace(SSN, maskSsn).replace(LONG_NUMBER, maskAccount);
}

/**
 * Document text for summaries and logs: dashed or spaced SSNs, EINs/TINs, and digit runs of 8 or more (account, card,
 * routing numbers). Dates, money amounts and ZIP codes are left alone. A safety net, not a licence: never log raw
 * document text at info level.
 */
export function redactDocumentText(text: string): string {
  return text
    .replace(/(?<![\d-])\d{3}[- ]\d{2}[- ]\d{4}(?![\d-])/g, maskSsn)
    .replace(/(?<![\d-])\d{2}-\d{7}(?![\d-])/g, maskEin)
    .replace(/(?<!\d)(?<!\d[.,])\d(?:[ -]?\d){7,}(?!\d)(?![.,]\d)/g, (m) => (/\d{1,2}[/-]\d{1,2}[/-]\d{2,4}/.test(m) ? m : maskAccount(m)));
}
