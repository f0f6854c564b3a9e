/**
 * The Sessions tree: open sessions (expandable to their changed files, task file and pending
 * question), then drafted tasks (Spawn inline), then a short history of closed sessions. Nodes
 * are plain data built from the store; getChildren does no I/O. contextValue tokens
 * (NODE_TOKENS) drive the inline buttons and the context menu.
 */
import * as vscode from 'vscode';
import { join, relative } from 'node:path';
import type { Finding } from '../core/review';
import type { ChangedFile } from '../core/verdict';
import type { SessionRecord } from '../director';
import { COMMANDS, LOADED_KEY, NODE_TOKENS } from './constants';
import type { ClosedEntry, SessionStore, SessionView } from './sessionStore';
import { HeldRows } from './heldRows';
import { treeRefresh, type DrawnRow } from './treeRefresh';
import { closedGroupItem, closedItem, draftedItem, nothingOpenItem, sessionItem, sessionTooltip } from './treeItems';

export { elapsed, sessionContextValue } from './treeItems';

/**
 * A session's row keeps one node while the session is open, its `session` updated in place:
 * VS Code knows a row by the node it returned, and only a known node can be re-rendered alone.
 */
export interface SessionNode {
  readonly kind: 'session';
  session: SessionView;
}

export type DirectorNode =
  | SessionNode
  | { readonly kind: 'file'; readonly session: SessionView; readonly change: ChangedFile }
  | { readonly kind: 'task' | 'question'; readonly session: SessionView; readonly path: string }
  | { readonly kind: 'drafted'; readonly record: SessionRecord; readonly taskFile: string }
  | { readonly kind: 'closedGroup' }
  | { readonly kind: 'closed'; readonly entry: ClosedEntry }
  | { readonly kind: 'nothingOpen' }
  | { readonly kind: 'finding'; readonly session: SessionView; readonly finding: Finding };

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
  const folder = session.record.worktree?.folder ?? root;
  item.command = {
    command: 'vscode.open',
    title: 'Open',
    arguments: [vscode.Uri.file(join(folder, finding.path)), { selection: new vscode.Range(line, 0, line, 0) }],
  };
  return item;
}

export class SessionTreeProvider implements vscode.TreeDataProvider<DirectorNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<DirectorNode | DirectorNode[] | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly subscription: vscode.Disposable;
  private readonly sessionNodes = new Map<string, SessionNode>();
  private lastDrawn: DrawnRow[] | undefined;
  private loadedKey: boolean | undefined;
  private readonly held = new HeldRows((keys) => this.fireRows(keys));

  constructor(
    private readonly store: SessionStore,
    private readonly root: () => string | undefined,
  ) {
    this.subscription = store.onDidChange(() => {
      // The welcome text ("No implementer sessions yet.") only once the sessions were read. A
      // context key change makes the window re-evaluate its menus: sent only when it changes.
      if (store.loaded !== this.loadedKey) {
        this.loadedKey = store.loaded;
        void vscode.commands.executeCommand('setContext', LOADED_KEY, store.loaded);
      }
      // VS Code holds back a tree change that follows another within 200 ms: a change nobody would
      // see must not take that slot from the next state the row shows (see HeldRows).
      const drawn = this.drawn();
      const refresh = treeRefresh(this.lastDrawn, drawn, (key) => this.sessionNodes.has(key));
      this.lastDrawn = drawn;
      if (refresh.kind === 'all') {
        this.held.take();
        this.emitter.fire(undefined);
      } else if (refresh.kind === 'rows') {
        if (refresh.keys.length === 0) this.held.hold(refresh.hoverOnly);
        // A session's new state is drawn from the node alone: no round trip for the whole tree.
        else this.fireRows([...refresh.keys, ...refresh.hoverOnly, ...this.held.take()]);
      }
    });
  }

  private fireRows(keys: readonly string[]): void {
    const nodes = [...new Set(keys)].flatMap((key) => this.sessionNodes.get(key) ?? []);
    if (nodes.length > 0) this.emitter.fire(nodes);
  }

  /** Every top-level row as the tree would draw it, with its children: what a change must alter. */
  private drawn(): DrawnRow[] {
    const rows: DrawnRow[] = [{ key: 'loaded', drawn: String(this.store.loaded) }];
    const draw = (node: DirectorNode, into: unknown[]) => {
      const { command, tooltip, ...shown } = this.getTreeItem(node);
      // A session's tooltip is built on hover, and VS Code keeps it until the row is sent again: all
      // of it but the token count (which grows with every streamed message) is sent at once. A
      // MarkdownString keeps its text private (JSON gives {}).
      const tip = node.kind === 'session' ? sessionTooltip({ ...node.session, usage: undefined }) : tooltip;
      into.push(shown, command?.command, tip instanceof vscode.MarkdownString ? tip.value : tip);
      for (const child of this.getChildren(node)) draw(child, into);
    };
    for (const node of this.roots()) {
      const into: unknown[] = [];
      draw(node, into);
      rows.push({
        key: node.kind === 'session' ? node.session.slug : `${node.kind}:${(into[0] as vscode.TreeItem).id ?? ''}`,
        drawn: JSON.stringify(into),
        ...(node.kind === 'session' ? { hover: JSON.stringify(node.session.usage ?? null) } : {}),
      });
    }
    return rows;
  }

  getChildren(node?: DirectorNode): DirectorNode[] {
    if (!node) return this.roots();
    if (node.kind === 'closedGroup') return this.store.closed.map((entry) => ({ kind: 'closed', entry }));
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

  private roots(): DirectorNode[] {
    const director = this.store.current;
    const open = new Set(this.store.sessions.map((session) => session.slug));
    for (const slug of this.sessionNodes.keys()) if (!open.has(slug)) this.sessionNodes.delete(slug);
    const nodes: DirectorNode[] = [
      ...this.store.sessions.map((session): DirectorNode => {
        const node = this.sessionNodes.get(session.slug);
        if (!node) {
          const created: SessionNode = { kind: 'session', session };
          this.sessionNodes.set(session.slug, created);
          return created;
        }
        node.session = session;
        return node;
      }),
      ...this.store.drafted.map((record): DirectorNode => ({
        kind: 'drafted',
        record,
        taskFile: director?.paths(record.slug).task ?? '',
      })),
    ];
    if (this.store.closed.length === 0) return nodes;
    // An empty tree shows the welcome text; with a history it would never show, so say it here.
    if (nodes.length === 0) nodes.push({ kind: 'nothingOpen' });
    nodes.push({ kind: 'closedGroup' });
    return nodes;
  }

  /** Only a session row's tooltip waits for the pointer; it reads the session as it is now. */
  resolveTreeItem(item: vscode.TreeItem, node: DirectorNode): vscode.TreeItem {
    if (node.kind === 'session')
      item.tooltip = sessionTooltip(this.store.find(node.session.slug) ?? node.session, Date.now());
    return item;
  }

  getTreeItem(node: DirectorNode): vscode.TreeItem {
    const root = this.root() ?? '';
    switch (node.kind) {
      case 'session':
        return sessionItem(node.session);
      case 'drafted':
        return draftedItem(node.record, node.taskFile);
      case 'closedGroup':
        return closedGroupItem(this.store.closed.length);
      case 'closed':
        return closedItem(node.entry);
      case 'nothingOpen':
        return nothingOpenItem();
      case 'finding':
        return findingItem(root, node.session, node.finding);
      case 'file': {
        const { change } = node;
        // A worktree session's files live in its worktree.
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
      case 'task':
      case 'question': {
        const item = new vscode.TreeItem(vscode.Uri.file(node.path), vscode.TreeItemCollapsibleState.None);
        item.id = `${node.kind}:${node.session.slug}`;
        item.label = node.kind === 'task' ? 'Task file' : 'Question';
        item.description = relative(root, node.path);
        item.iconPath = new vscode.ThemeIcon(node.kind === 'task' ? 'file-text' : 'comment-unresolved');
        item.contextValue = node.kind === 'task' ? NODE_TOKENS.taskFile : NODE_TOKENS.questionFile;
        item.command = { command: 'vscode.open', title: 'Open', arguments: [vscode.Uri.file(node.path)] };
        return item;
      }
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.held.dispose();
    this.emitter.dispose();
  }
}
