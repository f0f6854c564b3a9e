/**
 * Rows whose change only a hover would show, held back. The extension host holds back a tree
 * change that comes within 200 ms of the one before it (VS Code debounces onDidChangeTreeData on
 * the leading edge), and a session's tooltip changes with every message it streams (its token
 * count): sent at once, such a change would make the next state the row shows ("permission?")
 * wait those 200 ms. So a held row goes along with the next change the tree shows, or on its own
 * once no held row has changed for `quietMs` (at the latest `maxMs` after the first was held: a
 * state change that comes within 200 ms of that can still wait, rarely).
 */
export class HeldRows {
  private readonly held = new Set<string>();
  private quiet: NodeJS.Timeout | undefined;
  private latest: NodeJS.Timeout | undefined;

  constructor(
    private readonly send: (keys: string[]) => void,
    private readonly quietMs = 1000,
    private readonly maxMs = 4000,
  ) {}

  hold(keys: readonly string[]): void {
    if (keys.length === 0) return;
    for (const key of keys) this.held.add(key);
    clearTimeout(this.quiet);
    this.quiet = setTimeout(() => this.flush(), this.quietMs);
    this.latest ??= setTimeout(() => this.flush(), this.maxMs);
  }

  /** The held rows, no longer held: the caller sends them with its own change. */
  take(): string[] {
    clearTimeout(this.quiet);
    clearTimeout(this.latest);
    this.quiet = this.latest = undefined;
    const keys = [...this.held];
    this.held.clear();
    return keys;
  }

  private flush(): void {
    const keys = this.take();
    if (keys.length > 0) this.send(keys);
  }

  dispose(): void {
    this.take();
  }
}
