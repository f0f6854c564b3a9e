/**
 * Runs one async pass at a time. A call while a pass runs asks for exactly one more pass after
 * it (calls coalesce), and resolves when that pass ends, so every caller sees what was on disk
 * when it called.
 */
export class SerialRunner {
  private running: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly pass: () => Promise<void>,
    private readonly stopped: () => boolean,
    /** The least time between the start of one pass and the next (coalescing more calls meanwhile). */
    private readonly gapMs = 0,
  ) {}

  run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          const started = Date.now();
          await this.pass();
          const rest = started + this.gapMs - Date.now();
          if (this.again && rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
        } while (this.again && !this.stopped());
      } finally {
        // In the same turn as the last look at `again`: a call after it starts a new pass.
        this.running = undefined;
      }
    })();
    return this.running;
  }
}
