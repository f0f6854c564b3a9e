/**
 * The extension's view of the director's sessions. It owns the Director, refreshes session
 * states when something happens (a wait returns, a record or the ledger changes on disk, an
 * operation finishes), and runs one event-driven wait per live session. Screens are read on a
 * timer only while some session is busy or shows a permission prompt (they change without a
 * signal) only for sessions without hook events; Claude Code sessions are followed through their
 * event logs, and quiet sessions cost no multiplexer calls.
 */
import * as vscode from 'vscode';
import { fullName } from '../core/slug';
import { decideVerdict, type ChangedFile } from '../core/verdict';
import type { Director, MultiplexerDown, SessionRecord } from '../director';
import { SerialRunner } from './serialRunner';
import { SessionWaits } from './sessionWaits';
import type { ClosedEntry, SessionView, Transition } from './sessionView';

export type { ClosedEntry, SessionView, Transition } from './sessionView';

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** How many closed sessions the tree shows (the Ledger has the rest). */
const CLOSED_HISTORY = 5;

const BUSY_POLL_MS = 2500;
const TRANSCRIPT_MS = 500;
/** The shortest time between two reads of the sessions' changed files (git), while events come fast. */
const CHANGES_GAP_MS = 400;
/**
 * How old a pane listing a pass that a hook event started may reuse: the event proves its agent
 * runs; a pane closing ends the session's wait (a re-read that lists afresh), and a reused listing
 * is listed afresh once this old in any case.
 */
const EVENT_LISTING_MS = 2000;

export class SessionStore implements vscode.Disposable {
  private director: Director | undefined;
  private views: SessionView[] = [];
  private draftedRecords: SessionRecord[] = [];
  private closedEntries: ClosedEntry[] = [];
  private loadedOnce = false;
  private readonly waits: SessionWaits;
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly transitioned = new vscode.EventEmitter<Transition>();
  private busyTimer: NodeJS.Timeout | undefined;
  private statuses: Array<Omit<SessionView, 'changes' | 'needsReview'>> = [];
  private changesBySlug = new Map<string, readonly ChangedFile[]>();
  private lastPublished = '';
  private disposed = false;
  private unwatchEvents: (() => void) | undefined;
  private transcriptTimer: NodeJS.Timeout | undefined;
  private relistTimer: NodeJS.Timeout | undefined;
  private down: MultiplexerDown | undefined;
  private readonly serverStopped = new vscode.EventEmitter<MultiplexerDown>();
  /** Problems already in the log: a refresh repeats them, the log does not. */
  private logged = new Set<string>();

  readonly onDidChange = this.changed.event;
  readonly onDidTransition = this.transitioned.event;
  /** The multiplexer's server was found stopped: once, until it runs again and stops again. */
  readonly onServerStopped = this.serverStopped.event;

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.waits = new SessionWaits(log, () => void this.refresh());
  }

  get sessions(): readonly SessionView[] {
    return this.views;
  }
  /** Tasks drafted and not spawned yet, oldest first. */
  get drafted(): readonly SessionRecord[] {
    return this.draftedRecords;
  }
  /** The last few ledger entries, newest first. */
  get closed(): readonly ClosedEntry[] {
    return this.closedEntries;
  }
  /** False until the first refresh after attaching: an empty list then means "not read yet". */
  get loaded(): boolean {
    return this.loadedOnce;
  }
  /** Set while the multiplexer's server is not running (every open session is gone with it). */
  get multiplexerDown(): MultiplexerDown | undefined {
    return this.down;
  }
  get current(): Director | undefined {
    return this.director;
  }

  find(slug: string): SessionView | undefined {
    const full = fullName(slug);
    return this.views.find((s) => s.slug === full);
  }

  attach(director: Director | undefined): void {
    this.stopWaits();
    this.director = director;
    this.views = [];
    this.statuses = [];
    this.changesBySlug = new Map();
    this.draftedRecords = [];
    this.closedEntries = [];
    this.loadedOnce = false;
    this.lastPublished = '';
    this.down = undefined;
    this.logged = new Set();
    this.changed.fire();
    // Hook events drive the tree: a session's event log grows, its row is re-read at once.
    this.unwatchEvents?.();
    // A transcript grows many times a second while the agent streams; it only matters for a turn
    // the user interrupted (no hook says so), so it is read at most every TRANSCRIPT_MS.
    this.unwatchEvents = director?.watchEvents((_slug, source) => {
      if (source === 'events') void this.passes();
      else
        this.transcriptTimer ??= setTimeout(() => {
          this.transcriptTimer = undefined;
          void this.passes();
        }, TRANSCRIPT_MS);
    });
    if (director) void this.refresh();
  }

  /**
   * Re-reads every session. States come first and on their own (a permission toast must not wait
   * for git); each session's changes follow in a second pass. Concurrent calls coalesce.
   */
  refresh(): Promise<void> {
    this.listAfresh = true;
    return this.passes();
  }

  /** Both passes; the states pass may reuse a recent pane listing unless a refresh() asked since. */
  private passes(): Promise<void> {
    return Promise.all([this.states.run(), this.diffs.run()]).then(() => undefined);
  }
  private listAfresh = true;

  private readonly states = new SerialRunner(
    () => this.refreshStates().catch((error: unknown) => this.log.error(`refresh failed: ${message(error)}`)),
    () => this.disposed,
  );
  private readonly diffs = new SerialRunner(
    () => this.refreshChanges().catch((error: unknown) => this.log.error(`changes failed: ${message(error)}`)),
    () => this.disposed,
    CHANGES_GAP_MS,
  );

  /** Session states (from events, one multiplexer listing), drafted tasks and closed history. */
  private async refreshStates(): Promise<void> {
    const director = this.director;
    if (!director || this.disposed) return;
    const reuseListingMs = this.listAfresh ? 0 : EVENT_LISTING_MS;
    this.listAfresh = false;
    // A reused listing is checked again once it has aged out: a pane that closed meanwhile under a
    // session with no wait to notice (done, or an agent without hooks) shows within seconds.
    if (reuseListingMs > 0)
      this.relistTimer ??= setTimeout(() => {
        this.relistTimer = undefined;
        void this.refresh();
      }, EVENT_LISTING_MS);
    let result = await director.status({ reuseListingMs });
    // A session just gone: read with a fresh listing, which tells a stopped server (one warning)
    // from one session's end (its own notice).
    if (reuseListingMs > 0 && result.sessions.some((s) => s.state === 'gone' && this.find(s.slug)?.state !== 'gone'))
      result = await director.status();
    const { sessions, problems, multiplexerDown } = result;
    if (director !== this.director) return;
    const wasDown = this.down;
    this.down = multiplexerDown;
    const lines = [...problems, ...(multiplexerDown ? [multiplexerDown.message] : [])];
    for (const line of lines) if (!this.logged.has(line)) this.log.warn(line);
    this.logged = new Set(lines);
    this.statuses = sessions.map((s) => {
      const review = director.reviewFindings(s.slug);
      return {
        ...s,
        paths: director.paths(s.slug),
        ...(s.questionPending ? { question: director.pendingQuestion(s.slug)?.split('\n')[0] ?? '' } : {}),
        ...(review ? { review } : {}),
      };
    });
    const before = new Map(this.views.map((v) => [v.slug, v.state]));
    const initial = !this.loadedOnce;
    this.rebuild();
    this.draftedRecords = director.drafted().sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    this.closedEntries = director
      .ledgerRows()
      .filter((row): row is ClosedEntry => row.kind === 'entry')
      .slice(0, CLOSED_HISTORY);
    this.loadedOnce = true;
    // Notices first: the toast's message then reaches the window ahead of the tree's re-render.
    if (multiplexerDown && !wasDown) this.serverStopped.fire(multiplexerDown);
    for (const view of this.views) {
      const from = before.get(view.slug);
      if (from === view.state) continue;
      this.log.info(`${view.slug}: ${from ?? 'new'} → ${view.state}`);
      this.transitioned.fire({ session: view, from, to: view.state, initial });
    }
    this.publish();
    this.waits.sync(director, this.views);
    this.scheduleBusyPoll();
    // A session new to the tree gets its changes now (the pass that ran alongside did not know it).
    if (this.statuses.some((s) => !this.changesBySlug.has(s.slug))) void this.diffs.run();
  }

  /** Each open session's changed files (git): slower, so it never holds up a state. */
  private async refreshChanges(): Promise<void> {
    const director = this.director;
    if (!director || this.disposed) return;
    // The records of the last state pass: no second multiplexer listing or screen read for this.
    const statuses = this.statuses;
    const changes = await director.changes(statuses.map((s) => s.record));
    if (director !== this.director) return;
    this.changesBySlug = new Map(statuses.map((s, i) => [s.slug, changes[i] ?? []]));
    this.rebuild();
    this.publish();
  }

  /**
   * Tells the views, only when what they show changed: a streaming turn rewrites its transcript
   * many times a second, and re-rendering an unchanged tree each time costs the window and drops
   * the row under the user's pointer.
   */
  private publish(): void {
    const shown = JSON.stringify([this.loadedOnce, this.views, this.draftedRecords, this.closedEntries]);
    if (shown === this.lastPublished) return;
    this.lastPublished = shown;
    this.changed.fire();
  }

  /** Views = the latest states with the latest changes (a session's changes may lag its state). */
  private rebuild(): void {
    const director = this.director;
    if (!director) return;
    this.views = this.statuses.map((view) => {
      const changes = this.changesBySlug.get(view.slug) ?? [];
      const verdict = decideVerdict({
        changes,
        parseFailures: [],
        scope: view.record.scope,
        hotPaths: director.config.hotPaths,
        skipped: [],
      }).verdict;
      return { ...view, changes, needsReview: !view.record.reviewOf && verdict === 'NEEDS-CODE-REVIEW' };
    });
  }

  private scheduleBusyPoll(): void {
    if (this.busyTimer) clearTimeout(this.busyTimer);
    this.busyTimer = undefined;
    // Sessions with hook events are followed through their event logs. Only sessions without them
    // (other agents), or a permission whose hold ran out (Claude Code's dialog decides), are re-read.
    const unheard = (v: SessionView) =>
      !v.activity || (v.activity.permission !== undefined && !v.activity.permission.held);
    if (
      this.disposed ||
      !this.views.some((v) => (v.state === 'running' || v.state === 'needs-permission') && unheard(v))
    )
      return;
    this.busyTimer = setTimeout(() => void this.refresh(), BUSY_POLL_MS);
  }

  private stopWaits(): void {
    this.waits.stop();
    if (this.busyTimer) clearTimeout(this.busyTimer);
  }

  dispose(): void {
    this.disposed = true;
    this.unwatchEvents?.();
    if (this.transcriptTimer) clearTimeout(this.transcriptTimer);
    if (this.relistTimer) clearTimeout(this.relistTimer);
    this.stopWaits();
    this.changed.dispose();
    this.transitioned.dispose();
    this.serverStopped.dispose();
  }
}
