/**
 * The Ledger view: a webview table of tmp/sessions/_ledger.md, newest first, live-updated when
 * the file changes. Typed messages both ways (zod), a ready handshake, a nonce CSP and
 * asWebviewUri for the bundled script.
 */
import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { randomBytes } from 'node:crypto';
import { OUTCOMES } from '../core/ledger';
import { viewMessageSchema, type HostMessage } from '../core/ledgerProtocol';
import { LEDGER_FILE, ledgerRowsAt, transcriptAt } from '../director';
import { VIEWS } from './constants';

export class LedgerViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private ready = false;
  private readonly disposables: vscode.Disposable[] = [];
  /** The last message actually delivered to a ready webview (the host tests read it). */
  lastPosted: HostMessage | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly root: () => string | undefined,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    const media = vscode.Uri.joinPath(this.extensionUri, 'dist', 'media');
    view.webview.options = { enableScripts: true, localResourceRoots: [media] };
    view.webview.html = this.html(view.webview, media);
    this.disposables.push(
      view.webview.onDidReceiveMessage((raw: unknown) => this.onMessage(raw)),
      view.onDidDispose(() => {
        this.view = undefined;
        this.ready = false;
      }),
    );
  }

  private onMessage(raw: unknown): void {
    const parsed = viewMessageSchema.safeParse(raw);
    if (!parsed.success) {
      this.log.warn(`ledger view sent an invalid message: ${JSON.stringify(raw).slice(0, 200)}`);
      return;
    }
    const message = parsed.data;
    if (message.type === 'ready') {
      this.ready = true;
      this.post();
      return;
    }
    const root = this.root();
    if (!root) return;
    const transcript = vscode.Uri.file(transcriptAt(root, message.slug, message.timestamp));
    if (!existsSync(transcript.fsPath)) {
      void vscode.window.showWarningMessage(
        `No transcript for ${message.slug} (${relative(root, transcript.fsPath)}).`,
      );
      return;
    }
    void vscode.window.showTextDocument(transcript, { preview: true });
  }

  /** Sends the current ledger (after the webview said it is ready). */
  post(): void {
    const root = this.root();
    if (!root) return;
    if (!this.view || !this.ready) return; // the ready handshake will ask again
    const message: HostMessage = { type: 'ledger', rows: ledgerRowsAt(root), file: LEDGER_FILE };
    void this.view.webview.postMessage(message).then((delivered) => {
      if (delivered) this.lastPosted = message;
    });
  }

  async reveal(): Promise<void> {
    await vscode.commands.executeCommand(`${VIEWS.ledger}.focus`);
  }

  private html(webview: vscode.Webview, media: vscode.Uri): string {
    const nonce = randomBytes(16).toString('base64');
    const script = webview.asWebviewUri(vscode.Uri.joinPath(media, 'ledger.js'));
    const csp = `default-src 'none'; style-src ${webview.cspSource} 'nonce-${nonce}'; font-src ${webview.cspSource}; script-src 'nonce-${nonce}';`;
    return `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<style nonce="${nonce}">
  body { padding: 4px 8px; }
  #controls { display: flex; flex-wrap: wrap; gap: 6px; margin-bottom: 6px; }
  #search { flex: 1 1 140px; min-width: 140px; }
  .malformed vscode-table-cell { color: var(--vscode-errorForeground); }
  .outcome-SHIP { color: var(--vscode-testing-iconPassed); }
  .outcome-NO-SHIP { color: var(--vscode-testing-iconFailed); }
  .outcome-ABANDON { color: var(--vscode-descriptionForeground); }
  .link { cursor: pointer; text-decoration: underline; }
  #empty { color: var(--vscode-descriptionForeground); }
</style>
<title>Ledger</title></head>
<body>
  <div id="controls">
    <vscode-textfield id="search" placeholder="Search slug or summary"></vscode-textfield>
    <vscode-single-select id="outcome" aria-label="Filter by outcome">
      <vscode-option value="">All</vscode-option>
      ${OUTCOMES.map((o) => `<vscode-option value="${o}">${o}</vscode-option>`).join('')}
      <vscode-option value="malformed">Malformed</vscode-option>
    </vscode-single-select>
  </div>
  <p id="empty" hidden>No ledger lines yet. Closing a session appends one.</p>
  <vscode-table id="ledger" zebra bordered-rows resizable columns='["28%", "16%", "22%", "34%"]'>
    <vscode-table-header slot="header">
      <vscode-table-header-cell>Time</vscode-table-header-cell><vscode-table-header-cell>Outcome</vscode-table-header-cell>
      <vscode-table-header-cell>Slug</vscode-table-header-cell><vscode-table-header-cell>Summary</vscode-table-header-cell>
    </vscode-table-header>
    <vscode-table-body slot="body" id="rows"></vscode-table-body>
  </vscode-table>
  <script nonce="${nonce}" src="${script}"></script>
</body></html>`;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
