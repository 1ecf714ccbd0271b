/**
 * Groups concurrent calls into batches: `add(item)` resolves with that item's own result once the
 * batch holding it has run. A batch starts as soon as a slot is free (at most `maxInFlight` run at
 * once), on the next turn of the event loop, so calls made together travel together and nothing
 * waits on a timer: when the system is quiet a batch holds one item and adds no delay; under load
 * items gather while the slots are busy, and each round trip carries many of them.
 */
export interface MicroBatcherOptions<I, R> {
  /** Runs one batch; answers one result per item, in order: a value, or an Error for that item alone. A rejection fails every item of the batch. */
  run(items: I[]): Promise<Array<R | Error>>;
  /** Most items in one batch. */
  maxBatch: number;
  /** Most batches running at once. */
  maxInFlight: number;
}

interface Pending<I, R> {
  item: I;
  resolve(value: R): void;
  reject(err: unknown): void;
}

export class MicroBatcher<I, R> {
  private readonly waiting: Pending<I, R>[] = [];
  private inFlight = 0;
  private scheduled = false;
  private idle: Array<() => void> = [];
  /** Batches run so far and items carried, for metrics and tests. */
  readonly stats = { batches: 0, items: 0, largest: 0 };

  constructor(private readonly options: MicroBatcherOptions<I, R>) {
    if (options.maxBatch < 1 || options.maxInFlight < 1) throw new RangeError('maxBatch and maxInFlight must be at least 1');
  }

  /** Adds an item; with `first`, ahead of those waiting (it goes in the next batch, at its head). */
  add(item: I, options: { first?: boolean } = {}): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      if (options.first) this.waiting.unshift({ item, resolve, reject });
      else this.waiting.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /** Items waiting for a slot. */
  get backlog(): number {
    return this.waiting.length;
  }

  /** Resolves once every item added so far has been run (at once when nothing is pending). */
  drain(): Promise<void> {
    if (this.inFlight === 0 && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private schedule() {
    if (this.scheduled || this.inFlight >= this.options.maxInFlight || this.waiting.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      while (this.inFlight < this.options.maxInFlight && this.waiting.length > 0) {
        void this.runBatch(this.waiting.splice(0, this.options.maxBatch));
      }
    });
  }

  private async runBatch(batch: Pending<I, R>[]) {
    this.inFlight++;
    this.stats.batches++;
    this.stats.items += batch.length;
    this.stats.largest = Math.max(this.stats.largest, batch.length);
    try {
      const results = await this.options.run(batch.map((p) => p.item));
      if (results.length !== batch.length) throw new Error(`batch of ${batch.length} answered ${results.length} results`);
      batch.forEach((p, i) => {
        const r = results[i]!;
        if (r instanceof Error) p.reject(r);
        else p.resolve(r as R);
      });
    } catch (err) {
      for (const p of batch) p.reject(err);
    } finally {
      this.inFlight--;
      this.schedule();
      if (this.inFlight === 0 && this.waiting.length === 0) for (const resolve of this.idle.splice(0)) resolve();
    }
  }
}
