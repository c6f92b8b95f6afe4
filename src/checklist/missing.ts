/** What the lead still owes: required items not yet given (TODO) or given and refused (INVALID). NEEDS_REVIEW is
 * with the lender, SKIPPED was waived. The agent's replies and the follow-up stop rule use this one definition. */
export function isMissingRequired(item: { isRequired: boolean; status: string }): boolean {
  return item.isRequired && (item.status === 'TODO' || item.status === 'INVALID');
}
