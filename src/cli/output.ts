/** The exact output lines (and --json objects) of every CLI operation, with their exit codes. */
import {
  type ApproveResult,
  type CloseResult,
  type DraftResult,
  type InitChange,
  type RedirectResult,
  type StatusResult,
  type SpawnResult,
  type VerifyResult,
  type WaitOutcome,
} from '../director';
import { prunedLine } from '../core/branchPrune';

export const EXIT = {
  ok: 0,
  error: 1,
  usage: 2,
  noShip: 3,
  needsReview: 4,
  question: 5,
  timeout: 6,
  gone: 7,
  cancelled: 130,
} as const;

export interface Rendered {
  readonly text: string;
  readonly json: Record<string, unknown>;
  readonly exitCode: number;
  readonly notes?: string[];
}

export const render = {
  draft(r: DraftResult): Rendered {
    return {
      text: `DRAFTED slug=${r.slug.full} task=${r.taskFile}`,
      json: { result: 'DRAFTED', slug: r.slug.full, task: r.taskFile, gitignoreUpdated: r.gitignoreUpdated },
      exitCode: EXIT.ok,
      notes: r.gitignoreUpdated ? ['added tmp/sessions/ to .gitignore'] : [],
    };
  },
  spawn(r: SpawnResult): Rendered {
    if (r.kind === 'SPAWNED') {
      return {
        text: `SPAWNED slug=${r.slug.full} surface=${r.paneId} wait_token=${r.waitToken}`,
        json: { result: 'SPAWNED', slug: r.slug.full, surface: r.paneId, ref: r.paneRef, wait_token: r.waitToken },
        exitCode: EXIT.ok,
      };
    }
    return {
      text: `NOT-DELIVERED slug=${r.slug.full} reason=${r.reason}`,
      json: { result: 'NOT-DELIVERED', slug: r.slug.full, surface: r.paneId, reason: r.reason },
      exitCode: EXIT.error,
    };
  },
  wait(r: WaitOutcome): Rendered {
    switch (r.kind) {
      case 'DONE':
        return { text: `DONE slug=${r.slug.full}`, json: { result: 'DONE', slug: r.slug.full }, exitCode: EXIT.ok };
      case 'QUESTION':
        return {
          text: `QUESTION slug=${r.slug.full} file=${r.questionFile}`,
          json: { result: 'QUESTION', slug: r.slug.full, file: r.questionFile, fileExists: r.questionExists },
          exitCode: EXIT.question,
          notes: r.questionExists ? [] : [`the session signalled a question but ${r.questionFile} does not exist`],
        };
      case 'TIMEOUT':
        return {
          text: `TIMEOUT slug=${r.slug.full}`,
          json: { result: 'TIMEOUT', slug: r.slug.full },
          exitCode: EXIT.timeout,
        };
      case 'GONE':
        return {
          text: `GONE slug=${r.slug.full} reason=${r.reason}`,
          json: { result: 'GONE', slug: r.slug.full, reason: r.reason },
          exitCode: EXIT.gone,
        };
      case 'CANCELLED':
        return {
          text: `CANCELLED slug=${r.slug.full}`,
          json: { result: 'CANCELLED', slug: r.slug.full },
          exitCode: EXIT.cancelled,
        };
    }
  },
  verify(r: VerifyResult): Rendered {
    const reasons = r.reasons.length > 0 ? ` reasons=${r.reasons.join(';')}` : '';
    return {
      text: `${r.verdict} slug=${r.slug.full} files=${r.files.length} +${r.added} -${r.deleted}${reasons}`,
      json: {
        result: r.verdict,
        slug: r.slug.full,
        files: r.files,
        added: r.added,
        deleted: r.deleted,
        reasons: r.reasons,
        parseFailures: r.parseFailures,
        parseWarnings: r.parseWarnings,
        checked: r.checked,
        notChecked: r.notChecked,
        scope: r.scope,
        ...(r.written ? { written: r.written } : {}),
        ...(r.check ? { check: r.check } : {}),
      },
      exitCode: r.verdict === 'SHIP' ? EXIT.ok : r.verdict === 'NO-SHIP' ? EXIT.noShip : EXIT.needsReview,
      notes:
        r.check && r.check.outcome !== 'passed'
          ? [
              `${r.check.command} ${r.check.outcome === 'failed' ? `failed (exit ${r.check.exitCode ?? '?'})` : 'timed out'}; log ${r.check.log}:`,
              ...r.check.tail.map((l) => `  ${l}`),
            ]
          : [],
    };
  },
  redirect(r: RedirectResult): Rendered {
    return {
      text: `REDIRECTED slug=${r.slug.full} wait_token=${r.waitToken}`,
      json: { result: 'REDIRECTED', slug: r.slug.full, wait_token: r.waitToken, ...(r.file ? { file: r.file } : {}) },
      exitCode: EXIT.ok,
    };
  },
  approve(r: ApproveResult): Rendered {
    if (r.kind === 'NO-PROMPT')
      return {
        text: `NO-PROMPT slug=${r.slug.full}`,
        json: { result: 'NO-PROMPT', slug: r.slug.full },
        exitCode: EXIT.ok,
      };
    return {
      text: `${r.kind} slug=${r.slug.full} prompt=${r.prompt}`,
      json: { result: r.kind, slug: r.slug.full, prompt: r.prompt, question: r.question, option: r.option },
      exitCode: EXIT.ok,
    };
  },
  /** `serverDown`: the line saying the multiplexer's server stopped (with its fix), said once. */
  status(r: StatusResult, serverDown?: string): Rendered {
    return {
      text: r.sessions.map((s) => `${s.slug} ${s.state}`).join('\n'),
      json: {
        sessions: r.sessions.map((s) => ({
          slug: s.slug,
          state: s.state,
          surface: s.record.paneId,
          phase: s.record.phase,
          questionPending: s.questionPending,
          ...(s.activity?.permission
            ? {
                permission: {
                  tool: s.activity.permission.tool,
                  detail: s.activity.permission.detail,
                  held: s.activity.permission.held,
                },
              }
            : {}),
          ...(s.activity?.turnError ? { turnError: s.activity.turnError } : {}),
          ...(s.sharedWrites ? { sharedWrites: s.sharedWrites } : {}),
          ...(s.record.worktree
            ? {
                worktree: {
                  folder: s.record.worktree.folder,
                  branch: s.record.worktree.branch,
                  ...(s.record.worktree.refused ? { shipRefused: s.record.worktree.refused } : {}),
                },
              }
            : {}),
          ...(s.usage
            ? {
                tokens: {
                  input: s.usage.input,
                  output: s.usage.output,
                  cacheRead: s.usage.cacheRead,
                  cacheWrite: s.usage.cacheWrite,
                },
                costUsd: s.usage.costUsd,
              }
            : {}),
        })),
        problems: r.problems,
        ...(r.multiplexerDown
          ? { multiplexerDown: { code: r.multiplexerDown.code, message: r.multiplexerDown.message } }
          : {}),
      },
      exitCode: EXIT.ok,
      notes: [
        ...(serverDown ? [serverDown] : []),
        ...r.problems,
        ...r.sessions.flatMap((s) => {
          const refused = s.record.worktree?.refused;
          return refused
            ? [
                `${s.slug}: SHIP not applied (${refused.kind}${refused.files.length ? ` in ${refused.files.join(', ')}` : ''}); its work is on branch ${s.record.worktree!.branch}: redirect it to rebase, or merge by hand, then SHIP again`,
              ]
            : [];
        }),
        ...r.sessions.flatMap((s) =>
          (s.sharedWrites ?? [])
            .filter((w) => s.slug < w.with)
            .map(
              (w) =>
                `${s.slug} and ${w.with} both wrote ${w.path} in one working tree: each verify counts the other's change there (flagged not-written-by-session); run them one after the other, or spawn them with --isolation worktree.`,
            ),
        ),
      ],
    };
  },
  init(changes: readonly InitChange[], dryRun: boolean, gitignoreUpdated: boolean): Rendered {
    const lines = changes.map((c) => `${dryRun ? 'WOULD-CHANGE' : 'CHANGED'} ${c.file}: ${c.what}`);
    if (gitignoreUpdated) lines.push('CHANGED .gitignore: ignore tmp/sessions/');
    return {
      text: lines.length > 0 ? lines.join('\n') : 'UNCHANGED (already set up)',
      json: {
        result: dryRun ? 'PLAN' : 'INIT',
        changes: changes.map((c) => ({ file: c.file, what: c.what })),
        gitignoreUpdated,
      },
      exitCode: EXIT.ok,
    };
  },
  close(r: CloseResult): Rendered {
    return {
      text: `CLOSED slug=${r.slug.full} outcome=${r.outcome} ledger=${r.ledgerFile}`,
      json: {
        result: 'CLOSED',
        slug: r.slug.full,
        outcome: r.outcome,
        ledger: r.ledgerFile,
        line: r.ledgerLine,
        transcript: r.transcript,
        ...(r.usage ? { tokens: r.usage } : {}),
        ...(r.worktree ? { branch: r.worktree.branch, commit: r.worktree.commit, merged: r.worktree.merged } : {}),
        ...(r.pruned.length > 0 ? { pruned: r.pruned } : {}),
      },
      exitCode: EXIT.ok,
      notes: [
        ...(r.transcript.exported
          ? []
          : [`transcript ${r.transcript.file} was not exported (${r.transcript.reason ?? 'unknown'})`]),
        ...(r.worktree ? [`work kept on branch ${r.worktree.branch}${r.worktree.merged ? ', merged' : ''}`] : []),
        ...r.pruned.map((p) => prunedLine(p)),
        ...r.pruneProblems.map((p) => `branch pruning: ${p}`),
      ],
    };
  },
};
