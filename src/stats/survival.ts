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

/** Kaplan–Meier steps at each distinct event time, in time order. */
export function kaplanMeier(durations: readonly Duration[]): SurvivalStep[] {
  const sorted = [...durations].sort(
    (a, b) => a.time - b.time || Number(b.event) - Number(a.event),
  );
  const steps: SurvivalStep[] = [];
  let atRisk = sorted.length;
  let survival = 1;
  for (let i = 0; i < sorted.length;) {
    const time = (sorted[i] as Duration).time;
    let events = 0;
    let leaving = 0;
    for (; i < sorted.length && (sorted[i] as Duration).time === time; i++) {
      leaving++;
      if ((sorted[i] as Duration).event) events++;
    }
    if (events > 0) {
      survival *= 1 - events / atRisk;
      steps.push({ time, atRisk, events, survival });
    }
    atRisk -= leaving;
  }
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
  if (durations.length === 0) return undefined;
  const tau = durations.reduce((m, d) => Math.max(m, d.time), -Infinity);
  const steps = kaplanMeier(durations);
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
  const events = durations.filter((d) => d.event).length;
  return {
    value,
    variance,
    tau,
    events,
    censored: durations.length - events,
    beyondHorizon: previousSurvival,
  };
}
