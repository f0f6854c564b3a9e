/**
 * The Ledger panel: the whole ledger in an editor tab — a sortable table with outcome colours,
 * full summaries, tokens and cost, the transcript a click away, and day/week figures. One panel
 * at a time; Open Ledger and the sidebar list reveal it. Same webview rules as the sidebar list:
 * zod-checked messages, a ready handshake, a nonce CSP, asWebviewUri.
 */
import * as vscode from 'vscode';
import type { HostMessage } from '../core/ledgerProtocol';
import { LEDGER_FILE, ledgerRowsAt } from '../director';
import { openTranscript, parseViewMessage } from './ledgerMessages';
import { mediaRoot, OUTCOME_STYLE, webviewHtml } from './webviewHtml';

export const LEDGER_PANEL_TYPE = 'director.ledgerPanel';

const STYLE = `
  body { padding: 12px 20px; }
  h1 { font-size: 1.3em; font-weight: 600; margin: 0 0 10px 0; }
  #summary { display: flex; flex-wrap: wrap; gap: 12px; margin-bottom: 14px; }
  .period { border: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, #8884)); border-radius: 4px;
    padding: 8px 12px; flex: 0 1 240px; min-width: 170px; }
  .period h2 { font-size: 0.9em; font-weight: 600; margin: 0 0 6px 0; color: var(--vscode-descriptionForeground);
    text-transform: uppercase; letter-spacing: 0.04em; }
  .period dl { display: grid; grid-template-columns: auto auto; gap: 2px 14px; margin: 0; }
  .period dt { color: var(--vscode-descriptionForeground); }
  .period dd { margin: 0; font-variant-numeric: tabular-nums; text-align: right; }
  #controls { display: flex; flex-wrap: wrap; gap: 8px; margin-bottom: 8px; align-items: center; }
  input, select { background: var(--vscode-input-background); color: var(--vscode-input-foreground);
    border: 1px solid var(--vscode-input-border, transparent); padding: 3px 6px; font: inherit; }
  input { flex: 0 1 320px; min-width: 160px; }
  input:focus, select:focus { outline: 1px solid var(--vscode-focusBorder); }
  #count { color: var(--vscode-descriptionForeground); }
  table { border-collapse: collapse; width: 100%; table-layout: auto; }
  th { text-align: left; position: sticky; top: 0; background: var(--vscode-editor-background);
    border-bottom: 1px solid var(--vscode-panel-border, #8884); padding: 0; white-space: nowrap; }
  th button { all: unset; cursor: pointer; padding: 4px 8px; display: block; font-weight: 600; }
  th button:focus-visible { outline: 1px solid var(--vscode-focusBorder); }
  th[aria-sort] button::after { content: ' ▾'; }
  th[aria-sort="ascending"] button::after { content: ' ▴'; }
  td { padding: 4px 8px; vertical-align: top; border-bottom: 1px solid var(--vscode-editorWidget-border, #8882); }
  td.num, th.num button { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
  td.time { white-space: nowrap; font-variant-numeric: tabular-nums; color: var(--vscode-descriptionForeground); }
  td.slug { white-space: nowrap; }
  td.summary { min-width: 180px; }
  #wrap { overflow-x: auto; }
  /* A narrow panel (the transcript opened beside it) keeps what matters: the rest is in the wide view. */
  @media (max-width: 760px) {
    [data-key="model"], [data-key="duration"], [data-key="redirects"] { display: none; }
  }
  tr:hover td { background: var(--vscode-list-hoverBackground); }
  tr.focus td { background: var(--vscode-list-inactiveSelectionBackground); }
  tr.focus td:first-child { box-shadow: inset 2px 0 0 var(--vscode-focusBorder); }
  tr.malformed td { color: var(--vscode-errorForeground); }
  .dim { color: var(--vscode-descriptionForeground); }
  a { color: var(--vscode-textLink-foreground); cursor: pointer; text-decoration: none; }
  a:hover { text-decoration: underline; }
  #empty { color: var(--vscode-descriptionForeground); }
  ${OUTCOME_STYLE}
`;

const BODY = `<h1>Ledger</h1>
  <section id="summary" aria-label="Summary"></section>
  <div id="controls">
    <input id="search" type="search" placeholder="Search slug or summary" aria-label="Search slug or summary">
    <select id="outcome" aria-label="Filter by outcome">
      <option value="">All outcomes</option><option value="SHIP">SHIP</option><option value="NO-SHIP">NO-SHIP</option>
      <option value="ABANDON">ABANDON</option><option value="malformed">Malformed lines</option>
    </select>
    <span id="count"></span>
  </div>
  <p id="empty" hidden>No ledger lines yet. Closing a session appends one to tmp/sessions/_ledger.md.</p>
  <div id="wrap"><table id="ledger" aria-label="Ledger">
    <thead><tr id="head"></tr></thead>
    <tbody id="rows"></tbody>
  </table></div>`;

export class LedgerPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;
  private focusLine: number | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** The last message actually delivered to the ready panel (the host tests read it). */
  lastPosted: HostMessage | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly root: () => string | undefined,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Opens (or reveals) the panel; `line` scrolls to that ledger line. */
  show(line?: number): void {
    this.focusLine = line;
    if (this.panel) {
      this.panel.reveal(undefined, false);
      this.post();
      return;
    }
    const media = mediaRoot(this.extensionUri);
    const panel = vscode.window.createWebviewPanel(
      LEDGER_PANEL_TYPE,
      'Ledger',
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      { enableScripts: true, localResourceRoots: [media] },
    );
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'director.svg');
    panel.webview.html = webviewHtml(panel.webview, media, {
      script: 'ledgerPanel.js',
      title: 'Ledger',
      style: STYLE,
      body: BODY,
    });
    this.panel = panel;
    this.ready = false;
    const subscriptions = [
      panel.webview.onDidReceiveMessage((raw: unknown) => this.onMessage(raw)),
      // Hidden webviews lose their page; the page's ready message asks for the rows again.
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.ready = false;
      }),
    ];
    panel.onDidDispose(() => {
      for (const s of subscriptions) s.dispose();
      this.panel = undefined;
      this.ready = false;
    });
  }

  private onMessage(raw: unknown): void {
    const message = parseViewMessage(raw, this.log, 'ledger panel');
    if (!message) return;
    if (message.type === 'ready') {
      this.ready = true;
      this.post();
      return;
    }
    const root = this.root();
    if (message.type === 'openTranscript' && root) void openTranscript(root, message.slug, message.timestamp);
  }

  post(): void {
    const root = this.root();
    if (!root || !this.panel || !this.ready) return;
    const message: HostMessage = {
      type: 'ledger',
      rows: ledgerRowsAt(root),
      file: LEDGER_FILE,
      ...(this.focusLine !== undefined ? { focusLine: this.focusLine } : {}),
    };
    this.focusLine = undefined;
    void this.panel.webview.postMessage(message).then((delivered) => {
      if (delivered) this.lastPosted = message;
    });
  }

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  dispose(): void {
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

/** Both ledger views behind one door: a change to the file reaches whichever is open. */
export class Ledger implements vscode.Disposable {
  readonly sidebar: { post(): void; lastPosted: HostMessage | undefined; dispose(): void };
  constructor(
    sidebar: Ledger['sidebar'],
    readonly panel: LedgerPanel,
  ) {
    this.sidebar = sidebar;
  }
  post(): void {
    this.sidebar.post();
    this.panel.post();
  }
  /** The last rows either view received (the panel's when it is open). */
  get lastPosted(): HostMessage | undefined {
    return this.panel.lastPosted ?? this.sidebar.lastPosted;
  }
  dispose(): void {
    this.panel.dispose();
    this.sidebar.dispose();
  }
}
