/**
 * A SKU's decisions by week, oldest first, the last week ending on the window's last day: three
 * counts a week — decisions cut down, decisions overridden, decisions — side by side in one
 * array. As an object a week they were 56 bytes each, 2.9 KB a SKU of a year; as counts, 12.
 * Pure.
 */
export type WeekCounts = Uint32Array;

/** Where each count sits in a week's three. */
const AT = { down: 0, overridden: 1, decisions: 2 } as const;

export type WeekCount = keyof typeof AT;

/** `weeks` weeks of no decision. */
export function weekCounts(weeks: number): WeekCounts {
  return new Uint32Array(weeks * 3);
}

/** How many weeks the counts hold. */
export function weeksIn(counts: WeekCounts): number {
  return counts.length / 3;
}

/** One count of week `w` (0 past the last week). */
export function weekCount(counts: WeekCounts, w: number, what: WeekCount): number {
  return w < weeksIn(counts) ? (counts[3 * w + AT[what]] as number) : 0;
}

/** Adds one to a count of week `w`; nothing past the last week. */
export function countWeek(counts: WeekCounts, w: number, what: WeekCount): void {
  if (w >= 0 && w < weeksIn(counts)) (counts[3 * w + AT[what]] as number)++;
}

/** Each week's counts summed over the SKUs, as many weeks as the first SKU with any has. */
export function summedWeeks(skus: readonly { samples: { weeks: WeekCounts } }[]): WeekCounts {
  const first = skus.find((k) => k.samples.weeks.length > 0);
  const total = weekCounts(first ? weeksIn(first.samples.weeks) : 0);
  for (const k of skus) {
    const weeks = k.samples.weeks;
    for (let i = 0; i < total.length && i < weeks.length; i++)
      total[i] = (total[i] as number) + (weeks[i] as number);
  }
  return total;
}

/** The counts as one object a week (for a reader, a test, a report). */
export function weekList(counts: WeekCounts): Record<WeekCount, number>[] {
  return Array.from({ length: weeksIn(counts) }, (_, w) => ({
    down: weekCount(counts, w, "down"),
    overridden: weekCount(counts, w, "overridden"),
    decisions: weekCount(counts, w, "decisions"),
  }));
}

/** Counts from one object a week. */
export function weekCountsOf(list: readonly Record<WeekCount, number>[]): WeekCounts {
  const counts = weekCounts(list.length);
  list.forEach((week, w) => {
    for (const what of Object.keys(AT) as WeekCount[]) counts[3 * w + AT[what]] = week[what];
  });
  return counts;
}
