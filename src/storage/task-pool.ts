// Walking the store, a few files are read at once: hashing one while the disk reads the next.

/** Runs at most `limit` tasks at once; `run` returns when a slot is free. Tasks must not reject. */
export class TaskPool {
  private readonly running = new Set<Promise<void>>();
  constructor(private readonly limit: number) {}

  async run(task: () => Promise<void>): Promise<void> {
    const done: Promise<void> = task().finally(() => this.running.delete(done));
    this.running.add(done);
    if (this.running.size >= this.limit) await Promise.race(this.running);
  }

  async drain(): Promise<void> {
    await Promise.all(this.running);
  }
}
