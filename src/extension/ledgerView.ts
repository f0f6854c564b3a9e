/**
 * The Ledger in the sidebar: a compact list (time · outcome · slug, the summary on a second line
 * and in the tooltip), newest first, live-updated when the file changes. A click opens the full
 * Ledger panel at that row. Typed messages both ways (zod), a ready handshake, a nonce CSP and
 * asWebviewUri for the bundled script.
 */
import * as vscode from 'vscode';
import type { HostMessage } from '../core/ledgerProtocol';
import { LEDGER_FILE, ledgerRowsAt } from '../director';
import { COMMANDS, VIEWS } from './constants';
import { parseViewMessage } from './ledgerMessages';
import { mediaRoot, OUTCOME_STYLE, webviewHtml } from './webviewHtml';

const STYLE = `
  body { padding: 0 0 4px 0; }
  #list { list-style: none; margin: 0; padding: 0; }
  #list li { padding: 3px 12px 3px 20px; cursor: pointer; }
  #list li:hover { background: var(--vscode-list-hoverBackground); }
  #list li:focus { outline: 1px solid var(--vscode-focusBorder); outline-offset: -1px; }
  .line1 { display: flex; gap: 6px; align-items: baseline; white-space: nowrap; overflow: hidden; }
  .time { color: var(--vscode-descriptionForeground); font-variant-numeric: tabular-nums; flex: none; }
  .slug { overflow: hidden; text-overflow: ellipsis; }
  .summary { color: var(--vscode-descriptionForeground); white-space: nowrap; overflow: hidden;
    text-overflow: ellipsis; }
  #empty { color: var(--vscode-descriptionForeground); padding: 4px 20px; margin: 0; }
  #more { padding: 4px 20px; }
  a { color: var(--vscode-textLink-foreground); cursor: pointer; text-decoration: none; }
  a:hover { text-decoration: underline; }
  ${OUTCOME_STYLE}
`;

export class LedgerViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private ready = false;
  private readonly disposables: vscode.Disposable[] = [];
  /** The last message actually delivered to the ready sidebar list (the host tests read it). */
  lastPosted: HostMessage | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly root: () => string | undefined,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    const media = mediaRoot(this.extensionUri);
    view.webview.options = { enableScripts: true, localResourceRoots: [media] };
    view.webview.html = webviewHtml(view.webview, media, {
      script: 'ledger.js',
      title: 'Ledger',
      style: STYLE,
      body: `<p id="empty" hidden>No ledger lines yet. Closing a session appends one.</p>
  <ul id="list" aria-label="Ledger, newest first"></ul>
  <div id="more"><a id="open" role="button" tabindex="0">Open the full Ledger</a></div>`,
    });
    this.disposables.push(
      view.webview.onDidReceiveMessage((raw: unknown) => this.onMessage(raw)),
      view.onDidDispose(() => {
        this.view = undefined;
        this.ready = false;
      }),
    );
  }

  private onMessage(raw: unknown): void {
    const message = parseViewMessage(raw, this.log, 'ledger list');
    if (!message) return;
    if (message.type === 'ready') {
      this.ready = true;
      this.post();
    } else if (message.type === 'openPanel') {
      void vscode.commands.executeCommand(COMMANDS.openLedger, message.line);
    }
  }

  /** Sends the current ledger (after the webview said it is ready). */
  post(): void {
    const root = this.root();
    if (!root || !this.view || !this.ready) return; // the ready handshake will ask again
    const message: HostMessage = { type: 'ledger', rows: ledgerRowsAt(root), file: LEDGER_FILE };
    void this.view.webview.postMessage(message).then((delivered) => {
      if (delivered) this.lastPosted = message;
    });
  }

  async reveal(): Promise<void> {
    await vscode.commands.executeCommand(`${VIEWS.ledger}.focus`);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
