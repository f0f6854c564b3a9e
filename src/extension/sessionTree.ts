/**
 * The Sessions tree. Nodes are plain data built from the store; getChildren does no I/O.
 * contextValue tokens (NODE_TOKENS) drive the inline buttons and the context menu.
 */
import * as vscode from 'vscode';
import { join, relative } from 'node:path';
import type { SessionState } from '../core/sessionState';
import type { ChangedFile } from '../core/verdict';
import type { Finding } from '../core/review';
import { permissionLine } from '../director';
import { COMMANDS, NODE_TOKENS } from './constants';
import type { SessionStore, SessionView } from './sessionStore';

export type DirectorNode =
  | { readonly kind: 'session'; readonly session: SessionView }
  | { readonly kind: 'file'; readonly session: SessionView; readonly change: ChangedFile }
  | { readonly kind: 'task' | 'question'; readonly session: SessionView; readonly path: string }
  | { readonly kind: 'finding'; readonly session: SessionView; readonly finding: Finding };

const ICONS: Record<SessionState, [string, string | undefined]> = {
  running: ['sync~spin', 'charts.blue'],
  'needs-permission': ['shield', 'charts.orange'],
  question: ['question', 'charts.yellow'],
  idle: ['circle-outline', undefined],
  done: ['pass', 'charts.green'],
  'timed-out': ['watch', 'charts.red'],
  gone: ['debug-disconnect', 'disabledForeground'],
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
  if (session.changes.length > 0) tokens.push(NODE_TOKENS.hasChanges);
  if (session.needsReview && (session.state === 'done' || session.state === 'idle'))
    tokens.push(NODE_TOKENS.needsReview);
  return tokens.join(' ');
}

const FINDING_ICONS: Record<Finding['severity'], [string, string]> = {
  CRITICAL: ['error', 'errorForeground'],
  MAJOR: ['warning', 'editorWarning.foreground'],
  MINOR: ['info', 'editorInfo.foreground'],
};

/** A code-review finding under its session: opens the file at the finding's line. */
function findingItem(root: string, session: SessionView, finding: Finding): vscode.TreeItem {
  const item = new vscode.TreeItem(`${finding.severity} ${finding.path}:${finding.line}`);
  item.id = `finding:${session.slug}:${finding.lineNumber}`;
  item.description = finding.text;
  item.tooltip = `${session.review?.review.reviewer ?? 'review'}: ${finding.text}`;
  const [icon, color] = FINDING_ICONS[finding.severity];
  item.iconPath = new vscode.ThemeIcon(icon, new vscode.ThemeColor(color));
  item.contextValue = NODE_TOKENS.finding;
  const line = Math.max(0, finding.line - 1);
  item.command = {
    command: 'vscode.open',
    title: 'Open',
    arguments: [vscode.Uri.file(join(root, finding.path)), { selection: new vscode.Range(line, 0, line, 0) }],
  };
  return item;
}

export class SessionTreeProvider implements vscode.TreeDataProvider<DirectorNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<DirectorNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly store: SessionStore,
    private readonly root: () => string | undefined,
  ) {
    this.subscription = store.onDidChange(() => this.emitter.fire(undefined));
  }

  getChildren(node?: DirectorNode): DirectorNode[] {
    if (!node) return this.store.sessions.map((session) => ({ kind: 'session', session }));
    if (node.kind !== 'session') return [];
    const files = node.session.paths;
    const children: DirectorNode[] = node.session.changes.map((change) => ({
      kind: 'file',
      session: node.session,
      change,
    }));
    for (const finding of node.session.review?.findings ?? [])
      children.push({ kind: 'finding', session: node.session, finding });
    children.push({ kind: 'task', session: node.session, path: files.task });
    if (node.session.questionPending) children.push({ kind: 'question', session: node.session, path: files.question });
    return children;
  }

  getTreeItem(node: DirectorNode): vscode.TreeItem {
    const root = this.root() ?? '';
    if (node.kind === 'session') {
      const { session } = node;
      const item = new vscode.TreeItem(session.slug, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `session:${session.slug}`;
      item.description = `${session.state} · ${elapsed(session.record.spawnedAt, Date.now())}`;
      const [icon, color] = ICONS[session.state];
      item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
      item.contextValue = sessionContextValue(session);
      const tooltip = new vscode.MarkdownString(undefined, true);
      tooltip.appendMarkdown(`**${session.slug}** — ${session.state}\n\n`);
      tooltip.appendText(
        `model: ${session.record.model ?? '?'}\npane: ${session.record.paneRef ?? session.record.paneId ?? '?'} (${session.record.backend})\n`,
      );
      tooltip.appendText(`task: ${session.paths.task}\nwait token: ${session.record.waitToken}\n`);
      const wt = session.record.worktree;
      if (wt) tooltip.appendText(`worktree: ${wt.folder} (branch ${wt.branch})\n`);
      if (wt?.refused)
        tooltip.appendText(
          `⚠ SHIP not applied (${wt.refused.kind}${wt.refused.files.length ? ` in ${wt.refused.files.join(', ')}` : ''}): redirect the session to rebase, or merge ${wt.branch} by hand, then SHIP again\n`,
        );
      const ask = session.activity?.permission;
      if (ask) tooltip.appendText(`waiting for: ${permissionLine(ask)}\n`);
      else if (session.screen?.kind === 'permission')
        tooltip.appendText(`waiting for: ${session.screen.title}: ${session.screen.command}\n`);
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
      item.tooltip = tooltip;
      return item;
    }
    if (node.kind === 'file') {
      const { change } = node;
      const folder = node.session.record.worktree?.folder ?? root;
      const item = new vscode.TreeItem(
        vscode.Uri.file(join(folder, change.path)),
        vscode.TreeItemCollapsibleState.None,
      );
      item.id = `file:${node.session.slug}:${change.path}`;
      item.label = change.path;
      item.description = `${change.status} +${change.added} -${change.deleted}`;
      item.contextValue = NODE_TOKENS.file;
      item.command = { command: COMMANDS.openFileDiff, title: 'Open Diff', arguments: [node] };
      return item;
    }
    if (node.kind === 'finding') return findingItem(root, node.session, node.finding);
    const item = new vscode.TreeItem(vscode.Uri.file(node.path), vscode.TreeItemCollapsibleState.None);
    item.id = `${node.kind}:${node.session.slug}`;
    item.label = node.kind === 'task' ? 'Task file' : 'Question';
    item.description = relative(root, node.path);
    item.iconPath = new vscode.ThemeIcon(node.kind === 'task' ? 'file-text' : 'comment-unresolved');
    item.contextValue = node.kind === 'task' ? NODE_TOKENS.taskFile : NODE_TOKENS.questionFile;
    item.command = { command: 'vscode.open', title: 'Open', arguments: [vscode.Uri.file(node.path)] };
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}
