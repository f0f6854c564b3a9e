/**
 * The director: the operations of the loop bound to one workspace and one multiplexer. Both
 * fronts (the CLI and the VS Code extension) build one and call it; neither re-implements it.
 */
import { realpathSync } from 'node:fs';
import { mergeScreenPatterns, type ScreenPatterns } from '../core/screen';
import { chooseBackend } from '../mux/detect';
import type { Multiplexer, MuxCallObserver } from '../mux/types';
import { watchAllEventLogs } from './agentEvents';
import { approve } from './approve';
import { close, type CloseInput } from './close';
import { readWorkspaceSettings, resolveConfig, type DirectorConfig } from './config';
import type { DirectorContext } from './context';
import { withoutExecutables } from './consent';
import {
  baselineText,
  describeBackend,
  draftedSessions,
  focusSession,
  ledgerRows,
  pendingQuestion,
  sessionChanges,
  sessionPaths,
  sessionRecord,
  transcriptOf,
} from './queries';
import type { SessionRecord } from './record';
import { applyInit, planInit, type InitChange } from './init';
import { draft, type DraftInput } from './draft';
import { redirect, type RedirectOptions } from './redirect';
import { spawn, type SpawnOptions } from './spawn';
import { status } from './status';
import { PaneListingMemo } from './serverDown';
import { verify, type VerifyOptions } from './verify';
import { wait, type WaitOptions } from './wait';
import { review } from './review';
import { reviewFindings } from './reviewFindings';
import { topology } from './topology';

export interface OpenOptions {
  readonly cwd: string;
  /** Values that win over the workspace settings (CLI flags, VS Code settings). */
  readonly overrides?: Partial<Record<keyof DirectorConfig, unknown>>;
  /** Skip .vscode/settings.json (the extension passes VS Code's resolved settings instead). */
  readonly ignoreWorkspaceSettings?: boolean;
  /**
   * Apply settings that run programs (tmuxPath, cmuxPath, agentCommand) from the workspace's own
   * .vscode/settings.json. The CLI passes the user's consent; without it they are held back.
   */
  readonly trustWorkspaceExecutables?: boolean;
  readonly observer?: MuxCallObserver;
  readonly progress?: (message: string) => void;
  readonly env?: NodeJS.ProcessEnv;
  /** Use this adapter instead of choosing one (tests, benches). */
  readonly mux?: Multiplexer;
  readonly now?: () => Date;
}

export class Director {
  constructor(
    private readonly ctx: DirectorContext,
    readonly backendReason: string,
    /** Executable settings of the workspace that were held back for want of consent. */
    readonly heldSettings: readonly string[] = [],
  ) {}

  static async open(options: OpenOptions): Promise<Director> {
    const root = realpathSync(options.cwd);
    const workspace = options.ignoreWorkspaceSettings ? {} : readWorkspaceSettings(root);
    const { kept, held } = options.trustWorkspaceExecutables
      ? { kept: workspace, held: [] }
      : withoutExecutables(workspace);
    const config = resolveConfig(kept, options.overrides ?? {});
    let mux = options.mux;
    let reason = 'adapter given by the caller';
    if (!mux) {
      const choice = await chooseBackend({
        backend: config.backend,
        cmuxPath: config.cmuxPath || undefined,
        cmuxPassword: config.cmuxPassword || undefined,
        tmuxPath: config.tmuxPath || undefined,
        tmuxSocket: config.tmuxSocket || undefined,
        env: options.env,
        observer: options.observer,
      });
      mux = choice.mux;
      reason = choice.reason;
    }
    const patterns: ScreenPatterns = mergeScreenPatterns(config.screenPatterns);
    return new Director(
      { root, config, mux, patterns, now: options.now ?? (() => new Date()), progress: options.progress },
      reason,
      held,
    );
  }

  /** The same director, reporting progress of long operations (spawn delivery, export) to `progress`. */
  reporting(progress: (message: string) => void): Director {
    return new Director({ ...this.ctx, progress }, this.backendReason, this.heldSettings);
  }

  draft = (slug: string, input: DraftInput) => draft(this.ctx, slug, input);
  spawn = (slug: string, options?: SpawnOptions) => spawn(this.ctx, slug, options);
  wait = (slug: string, options?: WaitOptions) => wait(this.ctx, slug, options);
  verify = (slug: string, options?: VerifyOptions) => verify(this.ctx, slug, options);
  redirect = (slug: string, message: string, options?: RedirectOptions) => redirect(this.ctx, slug, message, options);
  approve = (slug: string, answer: 'yes' | 'no', expect?: string) => approve(this.ctx, slug, answer, expect);
  private readonly listing = new PaneListingMemo();
  /**
   * Every open session with its state. `reuseListingMs`: a pane listing this recent may answer
   * (see ListingReuse), for a front that re-reads on each hook event.
   */
  status = (options: { reuseListingMs?: number } = {}) =>
    status(this.ctx, { memo: this.listing, maxAgeMs: options.reuseListingMs ?? 0 });
  /** One block naming this pane, the layout and the sessions (the orchestrator's SessionStart hook). */
  topology = (env: NodeJS.ProcessEnv = process.env) => topology(this.ctx, env);
  /** Spawns the read-only reviewer `impl-<slug>-review`, or waits for a running one and reads its findings. */
  review = (slug: string, options?: Parameters<typeof review>[2]) => review(this.ctx, slug, options);
  /** The implementer's last concluded review and its findings, if any. */
  reviewFindings = (slug: string) => reviewFindings(this.ctx, slug);
  close = (slug: string, input: CloseInput) => close(this.ctx, slug, input);
  /** The workspace root every session file lives under. */
  get root(): string {
    return this.ctx.root;
  }
  /** The resolved settings (read-only). */
  get config(): Readonly<DirectorConfig> {
    return this.ctx.config;
  }
  /** One line naming the multiplexer, e.g. `tmux -L demo`. */
  describeBackend = () => describeBackend(this.ctx);
  drafted = () => draftedSessions(this.ctx);
  record = (slug: string) => sessionRecord(this.ctx, slug);
  paths = (slug: string) => sessionPaths(this.ctx, slug);
  pendingQuestion = (slug: string) => pendingQuestion(this.ctx, slug);
  changes = (records: readonly SessionRecord[]) => sessionChanges(this.ctx, records);
  baselineText = (slug: string, path: string) => baselineText(this.ctx, slug, path);
  ledgerRows = () => ledgerRows(this.ctx);
  transcriptOf = (bareSlug: string, ledgerTimestamp?: string) => transcriptOf(this.ctx, bareSlug, ledgerTimestamp);
  /** What init would change for an orchestrating session (nothing when already set up). */
  planInit = () => planInit(this.ctx.root, this.ctx.mux.kind);
  applyInit = (changes: readonly InitChange[]) => applyInit(this.ctx.root, changes);
  /** Brings the session's pane to the front; returns a terminal command to see it, if any. */
  focus = (slug: string) => focusSession(this.ctx, slug);
  /** Follows every session's hook events; `onEvent` gets the session's full slug. Returns the disposer. */
  watchEvents = (onEvent: (slug: string, source: 'events' | 'transcript') => void) =>
    watchAllEventLogs(this.ctx.root, onEvent);
}
