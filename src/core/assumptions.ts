import { AssumedInput } from './sizing/report';

export type { AssumedInput };
/**
 * Collects the defaults a plan took for sizing inputs. Internal to the core.
 */
export class Assumptions {
  private readonly items: AssumedInput[] = [];

  /** @param prefix prepended to every prop (the block's path in the spec, e.g. `api`) */
  constructor(private readonly prefix = '') {}

  /** Returns `given` when set; otherwise records `fallback` as assumed and returns it. */
  public take<T>(prop: string, given: T | undefined, fallback: T, reason: string, render?: (v: T) => string): T {
    if (given !== undefined) return given;
    this.items.push({ prop: this.full(prop), value: render ? render(fallback) : String(fallback), reason });
    return fallback;
  }

  /** Records an assumption that is not a single defaulted prop (e.g. a derived figure). */
  public note(prop: string, value: string, reason: string): void {
    this.items.push({ prop: this.full(prop), value, reason });
  }

  /** Adds the assumptions of a nested plan. */
  public addAll(items: AssumedInput[]): void {
    this.items.push(...items);
  }

  /** Everything assumed so far. */
  public get list(): AssumedInput[] {
    return [...this.items];
  }

  private full(prop: string): string {
    return this.prefix ? `${this.prefix}.${prop}` : prop;
  }
}
