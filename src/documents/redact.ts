// Masking of identifiers for summaries and logs: SSNs, EINs/TINs and account numbers keep their last 4 digits.

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

/**
 * Masks SSN-, EIN- and account-number-looking runs in free text. Dates, money amounts and ZIP codes are left alone.
 * Meant for summaries and logs, not as a guarantee: never log raw document text at info level.
 */
export function redact(text: string): string {
  return (
    text
      // SSN: 123-45-6789 / 123 45 6789 / 123456789 (9 digits not part of a longer number).
      .replace(/(?<![\d-])\d{3}[- ]\d{2}[- ]\d{4}(?![\d-])/g, (m) => maskSsn(m))
      // EIN / TIN: 12-3456789.
      .replace(/(?<![\d-])\d{2}-\d{7}(?![\d-])/g, (m) => maskEin(m))
      // Long digit runs (account, card, routing numbers): 8+ digits, optionally grouped by spaces or dashes.
      .replace(/(?<!\d)(?<!\d[.,])\d(?:[ -]?\d){7,}(?!\d)(?![.,]\d)/g, (m) => (/\d{1,2}[/-]\d{1,2}[/-]\d{2,4}/.test(m) ? m : maskAccount(m)))
  );
}
