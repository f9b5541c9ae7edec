/**
 * One source's daily values of one metric, in memory, updated on every event: a Fenwick tree
 * over day offsets, so add and range sums are O(log n); it grows in both directions.
 */
export class DailySeries {
  private origin = 0;
  private tree: Float64Array = new Float64Array(0);
  private values: Float64Array = new Float64Array(0);
  /** the first day with a positive value; kept on every add so witnesses cost O(1) */
  private first: number | null = null;

  add(day: number, delta: number): void {
    if (delta === 0) return;
    this.ensure(day);
    const index = day - this.origin;
    this.values[index] += delta;
    for (let i = index + 1; i <= this.tree.length; i += i & -i) this.tree[i - 1] += delta;
    if (this.values[index] > 0) {
      if (this.first === null || day < this.first) this.first = day;
    } else if (day === this.first) {
      this.first = this.scanFirst();
    }
  }

  /** The sum over [from, to], both inclusive. */
  sum(from: number, to: number): number {
    if (to < from || this.values.length === 0) return 0;
    return this.prefix(to - this.origin) - this.prefix(from - 1 - this.origin);
  }

  /** The first day with a positive value, up to and including `upto`, or null. */
  firstPositiveDay(upto: number): number | null {
    return this.first !== null && this.first <= upto ? this.first : null;
  }

  private scanFirst(): number | null {
    for (let i = 0; i < this.values.length; i++) if (this.values[i] > 0) return this.origin + i;
    return null;
  }

  private prefix(index: number): number {
    let sum = 0;
    for (let i = Math.min(index, this.values.length - 1) + 1; i > 0; i -= i & -i) sum += this.tree[i - 1];
    return sum;
  }

  /** Days the arrays hold: what the series costs in memory. */
  get capacity(): number {
    return this.values.length;
  }

  /**
   * Grows to hold `day`, at least doubling, with the new room on the side that grew: a history
   * fed newest first (as ACLED exports it) then costs amortised O(1) a day, as oldest first does.
   */
  private ensure(day: number): void {
    if (this.values.length === 0) {
      this.origin = day - 64;
      this.rebuild(new Float64Array(128));
      return;
    }
    const end = this.origin + this.values.length;
    if (day >= this.origin && day < end) return;
    const size = Math.max(this.values.length * 2, (day < this.origin ? end - day : day + 1 - this.origin) + 64);
    const from = day < this.origin ? end - size : this.origin;
    const values = new Float64Array(size);
    values.set(this.values, this.origin - from);
    this.origin = from;
    this.rebuild(values);
  }

  private rebuild(values: Float64Array): void {
    this.values = values;
    this.tree = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) {
      this.tree[i] += values[i];
      const parent = i + ((i + 1) & -(i + 1));
      if (parent < values.length) this.tree[parent] += this.tree[i];
    }
  }
}
