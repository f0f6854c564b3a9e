/**
 * How each kind of row in the Sessions tree reads. The state is where inline buttons cannot hide
 * it: a coloured icon per state and a short word first in the description; the details (model,
 * pane, the exact permission request, tokens) are in the tooltip.
 */
import * as vscode from 'vscode';
import { shortTime } from '../core/ledgerSummary';
import type { SessionState } from '../core/sessionState';
import { permissionLine, type SessionRecord } from '../director';
import { COMMANDS, NODE_TOKENS } from './constants';
import type { ClosedEntry, SessionView } from './sessionStore';

const ICONS: Record<SessionState, [string, string | undefined]> = {
  running: ['sync~spin', 'charts.blue'],
  'needs-permission': ['shield', 'charts.orange'],
  question: ['comment-unresolved', 'charts.yellow'],
  idle: ['circle-outline', undefined],
  done: ['pass', 'charts.green'],
  'timed-out': ['watch', 'charts.red'],
  gone: ['debug-disconnect', 'disabledForeground'],
};

/** The word a row shows for its state: short, so that it survives a narrow sidebar. */
export const STATE_TEXT: Record<SessionState, string> = {
  running: 'running',
  'needs-permission': 'permission?',
  question: 'question?',
  idle: 'idle',
  done: 'done',
  'timed-out': 'timed out',
  gone: 'gone',
};

/** What the state means for the user, first line of the tooltip. */
const STATE_MEANING: Record<SessionState, string> = {
  running: 'working on its task',
  'needs-permission': 'waiting for you to allow or deny a command',
  question: 'asked you a question',
  idle: 'at its prompt without having signalled done',
  done: 'signalled done: verify and review it, then close it',
  'timed-out': 'did not signal before the wait timed out',
  gone: 'its pane or agent is gone',
};

const OUTCOME_ICONS: Record<ClosedEntry['outcome'], [string, string]> = {
  SHIP: ['pass-filled', 'testing.iconPassed'],
  'NO-SHIP': ['error', 'testing.iconFailed'],
  ABANDON: ['trash', 'disabledForeground'],
};

export function elapsed(since: string | undefined, now: number): string {
  if (!since) return '';
  const seconds = Math.max(0, Math.round((now - Date.parse(since)) / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes}m` : `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}

export function sessionContextValue(session: SessionView): string {
  const tokens: string[] = [NODE_TOKENS.session];
  if (session.state !== 'gone') tokens.push(NODE_TOKENS.live);
  if (session.state === 'needs-permission') tokens.push(NODE_TOKENS.needsPermission);
  if (session.state === 'question' || session.questionPending) tokens.push(NODE_TOKENS.question);
  if (session.state === 'done') tokens.push(NODE_TOKENS.done);
  if (session.changes.length > 0) tokens.push(NODE_TOKENS.hasChanges);
  if (session.needsReview && (session.state === 'done' || session.state === 'idle'))
    tokens.push(NODE_TOKENS.needsReview);
  return tokens.join(' ');
}

export function sessionItem(session: SessionView): vscode.TreeItem {
  const item = new vscode.TreeItem(session.slug, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `session:${session.slug}`;
  // Only the state word: at 300 px, with two inline buttons, "permission? · 26s" lost its end;
  // how long it has run is in the tooltip.
  item.description = STATE_TEXT[session.state];
  const [icon, color] = ICONS[session.state];
  item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
  item.contextValue = sessionContextValue(session);
  // A stable, exact name for screen readers and tests: "<slug> — <state>".
  item.accessibilityInformation = { label: `${session.slug} — ${session.state}` };
  return item;
}

/**
 * A session row's tooltip, built when the pointer rests on the row (resolveTreeItem). With `now`
 * it says how long the session has run; without, it is what a change must alter to refresh the
 * row (the running time alone would re-render the tree every second for nothing).
 */
export function sessionTooltip(session: SessionView, now?: number): vscode.MarkdownString {
  const age = now === undefined ? '' : elapsed(session.record.spawnedAt, now);
  const tooltip = new vscode.MarkdownString(undefined, true);
  tooltip.appendMarkdown(`**${session.slug}** — ${session.state}: ${STATE_MEANING[session.state]}\n\n`);
  const ask = session.activity?.permission;
  if (ask) tooltip.appendText(`asks to run: ${permissionLine(ask)}\n`);
  else if (session.screen?.kind === 'permission')
    tooltip.appendText(`asks to run: ${session.screen.title}: ${session.screen.command}\n`);
  if (session.question) tooltip.appendText(`question: ${session.question}\n`);
  tooltip.appendText(
    `model: ${session.record.model ?? '?'} · pane: ${session.record.paneRef ?? session.record.paneId ?? '?'} (${session.record.backend})${age ? ` · ${age}` : ''}\n`,
  );
  if (session.changes.length > 0) {
    const added = session.changes.reduce((n, c) => n + c.added, 0);
    const deleted = session.changes.reduce((n, c) => n + c.deleted, 0);
    tooltip.appendText(`changes: ${session.changes.length} file(s) +${added} -${deleted}\n`);
  }
  const wt = session.record.worktree;
  if (wt) tooltip.appendText(`worktree: ${wt.folder} (branch ${wt.branch})\n`);
  if (wt?.refused)
    tooltip.appendText(
      `⚠ SHIP not applied (${wt.refused.kind}${wt.refused.files.length ? ` in ${wt.refused.files.join(', ')}` : ''}): redirect the session to rebase, or merge ${wt.branch} by hand, then SHIP again\n`,
    );
  for (const shared of session.sharedWrites ?? [])
    tooltip.appendText(
      `⚠ ${shared.with} also wrote ${shared.path} (same working tree: spawn with director.isolation worktree to keep them apart)\n`,
    );
  if (session.activity?.turnError)
    tooltip.appendText(`last turn ended on an API error: ${session.activity.turnError}\n`);
  if (session.usage) {
    const u = session.usage;
    tooltip.appendText(
      `tokens: ${u.input} in, ${u.output} out, ${u.cacheRead} cache read, ${u.cacheWrite} cache write · ~$${u.costUsd.toFixed(2)}\n`,
    );
  }
  tooltip.appendText(`task: ${session.paths.task}\nwait token: ${session.record.waitToken}\n`);
  return tooltip;
}

export function draftedItem(record: SessionRecord, taskFile: string): vscode.TreeItem {
  const item = new vscode.TreeItem(record.slug, vscode.TreeItemCollapsibleState.None);
  item.id = `drafted:${record.slug}`;
  item.description = 'drafted';
  item.iconPath = new vscode.ThemeIcon('edit', new vscode.ThemeColor('descriptionForeground'));
  item.contextValue = NODE_TOKENS.drafted;
  item.accessibilityInformation = { label: `${record.slug} — drafted` };
  const tooltip = new vscode.MarkdownString(undefined, true);
  tooltip.appendMarkdown(`**${record.slug}** — drafted, not spawned yet\n\n`);
  tooltip.appendText(`${record.goal.split('\n')[0]?.slice(0, 300) ?? ''}\n`);
  tooltip.appendText(`scope: ${record.scope.length > 0 ? record.scope.join(', ') : 'any path'}\n`);
  tooltip.appendText('Spawn it with the ▷ button; click to edit its task file.');
  item.tooltip = tooltip;
  item.command = { command: 'vscode.open', title: 'Open Task File', arguments: [vscode.Uri.file(taskFile)] };
  return item;
}

export function closedGroupItem(count: number): vscode.TreeItem {
  const item = new vscode.TreeItem('Recently closed', vscode.TreeItemCollapsibleState.Expanded);
  item.id = 'closed-group';
  item.description = `last ${count}`;
  item.iconPath = new vscode.ThemeIcon('history');
  item.contextValue = NODE_TOKENS.closedGroup;
  item.tooltip = 'The last sessions closed here; the Ledger has them all.';
  return item;
}

export function closedItem(entry: ClosedEntry): vscode.TreeItem {
  const item = new vscode.TreeItem(entry.slug, vscode.TreeItemCollapsibleState.None);
  item.id = `closed:${entry.lineNumber}`;
  item.description = `${entry.outcome} · ${shortTime(entry.timestamp)}`;
  const [icon, color] = OUTCOME_ICONS[entry.outcome];
  item.iconPath = new vscode.ThemeIcon(icon, new vscode.ThemeColor(color));
  item.contextValue = NODE_TOKENS.closed;
  item.accessibilityInformation = { label: `${entry.slug} — closed ${entry.outcome}` };
  item.tooltip = `${entry.outcome} ${entry.timestamp.replace('T', ' ')}\n${entry.summary}\n(click: show in the Ledger)`;
  item.command = { command: COMMANDS.openLedger, title: 'Open Ledger', arguments: [entry.lineNumber] };
  return item;
}

/** Shown when nothing is open or drafted but sessions were closed: says so, and what to do. */
export function nothingOpenItem(): vscode.TreeItem {
  const item = new vscode.TreeItem('Nothing open or drafted', vscode.TreeItemCollapsibleState.None);
  item.id = 'nothing-open';
  item.description = 'Spawn Session…';
  item.iconPath = new vscode.ThemeIcon('add');
  item.tooltip = 'Every session so far is closed. Spawn a new one (or draft a task first).';
  item.command = { command: COMMANDS.spawnSession, title: 'Spawn Session' };
  return item;
}
