/**
 * Survival estimates for durations some of which are still running (censored): Kaplan–Meier and
 * its restricted mean, with the variance of Klein & Moeschberger (2003, §4.5). Pure.
 *
 * Ties at one time count their events before their censorings, the usual convention: a unit
 * censored at t was at risk of the event at t.
 *
 * @example restrictedMean([{ time: 2, event: true }, { time: 4, event: true }]) // { value: 3, … }
 */

/** A duration: how long it took (`event`), or how long it has run so far (censored). */
export interface Duration {
  time: number;
  event: boolean;
}

/** The Kaplan–Meier estimate just after one event time. */
export interface SurvivalStep {
  time: number;
  atRisk: number;
  events: number;
  /** S(t): the estimated share still running after `time`. */
  survival: number;
}

/**
 * Durations counted by time: each distinct time, ascending, with how many ended there (events)
 * and how many left there (events and censorings). All the estimates need, whatever the count of
 * durations: a pooled cohort of 2.6M orders is a few hundred times, not 2.6M objects.
 */
export interface DurationTable {
  times: readonly number[];
  events: readonly number[];
  leaving: readonly number[];
}

/** Counts durations into a table, `add` called once a duration. */
export function durationTable(
  each: (add: (time: number, event: boolean) => void) => void,
): DurationTable {
  const at = new Map<number, { events: number; leaving: number }>();
  each((time, event) => {
    let c = at.get(time);
    if (!c) at.set(time, (c = { events: 0, leaving: 0 }));
    c.leaving++;
    if (event) c.events++;
  });
  const times = [...at.keys()].sort((a, b) => a - b);
  return {
    times,
    events: times.map((t) => (at.get(t) as { events: number }).events),
    leaving: times.map((t) => (at.get(t) as { leaving: number }).leaving),
  };
}

const tableOf = (durations: readonly Duration[]): DurationTable =>
  durationTable((add) => {
    for (const d of durations) add(d.time, d.event);
  });

/** Kaplan–Meier steps at each distinct event time, in time order. */
export function kaplanMeier(durations: readonly Duration[]): SurvivalStep[] {
  return kaplanMeierOf(tableOf(durations));
}

/** Kaplan–Meier steps of a table of durations. */
export function kaplanMeierOf(table: DurationTable): SurvivalStep[] {
  const steps: SurvivalStep[] = [];
  let atRisk = table.leaving.reduce((t, n) => t + n, 0);
  let survival = 1;
  table.times.forEach((time, i) => {
    const events = table.events[i] as number;
    if (events > 0) {
      survival *= 1 - events / atRisk;
      steps.push({ time, atRisk, events, survival });
    }
    atRisk -= table.leaving[i] as number;
  });
  return steps;
}

export interface RestrictedMean {
  /** ∫₀^τ S(t) dt: the mean duration if none ran beyond τ, so a lower bound of the mean. */
  value: number;
  /** Its variance (0 when there is no event before τ). */
  variance: number;
  /** The horizon: the longest duration observed, event or censored. */
  tau: number;
  events: number;
  censored: number;
  /** S(τ): the share estimated to run beyond the horizon. */
  beyondHorizon: number;
}

/**
 * The restricted mean duration up to the longest one observed. When the longest is censored
 * some durations run beyond it, and the value is a lower bound of the mean: a test that the
 * mean exceeds a bound stays valid (conservative) however heavy the censoring.
 */
export function restrictedMean(durations: readonly Duration[]): RestrictedMean | undefined {
  return restrictedMeanOf(tableOf(durations));
}

/** The restricted mean of a table of durations (see restrictedMean). */
export function restrictedMeanOf(table: DurationTable): RestrictedMean | undefined {
  const n = table.leaving.reduce((t, k) => t + k, 0);
  if (n === 0) return undefined;
  const tau = table.times[table.times.length - 1] as number;
  const steps = kaplanMeierOf(table);
  // Area under S from 0 to τ, piece by piece between event times.
  let value = 0;
  let previousTime = 0;
  let previousSurvival = 1;
  for (const s of steps) {
    value += previousSurvival * (s.time - previousTime);
    previousTime = s.time;
    previousSurvival = s.survival;
  }
  value += previousSurvival * (tau - previousTime);
  // Var = Σ A_j² d_j / (n_j (n_j − d_j)), A_j the area under S from t_j to τ.
  let variance = 0;
  let areaAfter = previousSurvival * (tau - previousTime);
  for (let j = steps.length - 1; j >= 0; j--) {
    const s = steps[j] as SurvivalStep;
    if (s.atRisk > s.events)
      variance += (areaAfter ** 2 * s.events) / (s.atRisk * (s.atRisk - s.events));
    const before = j > 0 ? (steps[j - 1] as SurvivalStep) : { time: 0, survival: 1 };
    areaAfter += before.survival * (s.time - before.time);
  }
  const events = table.events.reduce((t, k) => t + k, 0);
  return {
    value,
    variance,
    tau,
    events,
    censored: n - events,
    beyondHorizon: previousSurvival,
  };
}
