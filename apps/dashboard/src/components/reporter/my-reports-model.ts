/** Reports that had no published answer before and have one now: the rows to highlight and announce. */
export function newlyAnswered(before: readonly { id: string; answer: unknown }[], after: readonly { id: string; answer: unknown }[]): string[] {
  const unanswered = new Set(before.filter((r) => !r.answer).map((r) => r.id));
  return after.filter((r) => r.answer && unanswered.has(r.id)).map((r) => r.id);
}
