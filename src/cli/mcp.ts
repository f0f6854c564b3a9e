/**
 * `cmux-director mcp`: the director's operations as an MCP server over stdio, for an
 * orchestrating Claude Code session (registered by `cmux-director init` in .mcp.json). Each tool
 * returns the CLI's exact line as text and its JSON object as structured content; errors are the
 * CLI's error lines. `wait` is not a tool: only a finished background Bash wakes a Claude Code
 * session, so tools that start work say which `cmux-director wait` to run in the background.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';
import { OUTCOMES } from '../core/ledger';
import { bareName, SESSION_PREFIX } from '../core/slug';
import type { Director } from '../director';
import { describeFailure, openDirector, statusOutput, type OpenArgs } from './main';
import { render, type Rendered } from './output';
import { renderReview } from './reviewOutput';

const slug = z.string().describe(`The session slug, e.g. "tools-docstrings" (${SESSION_PREFIX} prefix optional)`);

function waitHint(full: string): string {
  return `Now run in a background Bash (run_in_background: true): cmux-director wait ${bareName(full)} --timeout 1200`;
}

async function answer(work: () => Promise<Rendered>, hint?: (r: Rendered) => string | undefined) {
  try {
    const r = await work();
    const extra = hint?.(r);
    return {
      content: [
        {
          type: 'text' as const,
          text: [r.text, ...(r.notes ?? []).map((n) => `note: ${n}`), ...(extra ? [extra] : [])].join('\n'),
        },
      ],
      structuredContent: r.json,
      isError: r.exitCode !== 0 && r.exitCode !== 3 && r.exitCode !== 4,
    };
  } catch (error) {
    return { content: [{ type: 'text' as const, text: `error: ${describeFailure(error).text}` }], isError: true };
  }
}

export function directorTools(server: McpServer, director: Director): void {
  server.registerTool(
    'draft',
    {
      description: 'Write the task file for an implementer session (goal and expected diff scope).',
      inputSchema: { slug, goal: z.string(), scope: z.array(z.string()).default([]) },
    },
    ({ slug: s, goal, scope }) => answer(async () => render.draft(await director.draft(s, { goal, scope }))),
  );
  server.registerTool(
    'spawn',
    {
      description: 'Start Claude Code for a drafted task in a new pane; SPAWNED once it received the task.',
      inputSchema: { slug, model: z.string().optional() },
    },
    ({ slug: s, model }) =>
      answer(
        async () => render.spawn(await director.spawn(s, { ...(model ? { model } : {}) })),
        (r) => (r.json['result'] === 'SPAWNED' ? waitHint(String(r.json['slug'])) : undefined),
      ),
  );
  server.registerTool(
    'verify',
    {
      description: "Check the disk (never the session's report): SHIP, NO-SHIP or NEEDS-CODE-REVIEW with reasons.",
      inputSchema: { slug },
    },
    ({ slug: s }) => answer(async () => render.verify(await director.verify(s))),
  );
  server.registerTool(
    'redirect',
    {
      description: 'Send a correction or an answer to an idle session; starts a new wait generation.',
      inputSchema: { slug, message: z.string() },
    },
    ({ slug: s, message }) =>
      answer(
        async () => render.redirect(await director.redirect(s, message)),
        (r) => waitHint(String(r.json['slug'])),
      ),
  );
  server.registerTool(
    'approve',
    {
      description: "Answer the session's pending permission request: yes means this one call only.",
      inputSchema: { slug, answer: z.enum(['yes', 'no']) },
    },
    ({ slug: s, answer: a }) => answer(async () => render.approve(await director.approve(s, a))),
  );
  server.registerTool(
    'status',
    {
      description:
        'Every open session with its state (running, needs-permission, question, idle, done, timed-out, gone).',
      inputSchema: {},
    },
    () => answer(() => statusOutput(director)),
  );
  server.registerTool(
    'close',
    {
      description: 'Close a session with one ledger line. SHIP runs verify first and is refused over NO-SHIP.',
      inputSchema: {
        slug,
        outcome: z.enum(OUTCOMES),
        summary: z.string(),
        acceptReview: z.string().optional(),
      },
    },
    ({ slug: s, outcome, summary, acceptReview }) =>
      answer(async () =>
        render.close(await director.close(s, { outcome, summary, ...(acceptReview ? { acceptReview } : {}) })),
      ),
  );
  reviewTool(server, director);
}

function reviewTool(server: McpServer, director: Director): void {
  server.registerTool(
    'review',
    {
      description:
        'Start a read-only reviewer session (director.reviewerModel) on a NEEDS-CODE-REVIEW change; it writes CRITICAL/MAJOR/MINOR findings. Collect them with the wait this tool names: a CRITICAL is NO-SHIP and redirects the implementer; none lets SHIP through.',
      inputSchema: {
        slug,
        focus: z.string().optional().describe('What the reviewer should look at in particular'),
        model: z.string().optional(),
      },
    },
    ({ slug: s, focus, model }) =>
      answer(
        async () =>
          renderReview(await director.review(s, { ...(focus ? { focus } : {}), ...(model ? { model } : {}) })),
        (r) =>
          r.json['result'] === 'REVIEW-SPAWNED'
            ? `Now run in a background Bash (run_in_background: true): cmux-director review ${String(r.json['slug']).replace(/^impl-/, '')} --wait --timeout 1200`
            : undefined,
      ),
  );
}

export async function serveMcp(values: OpenArgs, signal: AbortSignal): Promise<void> {
  const { director, notes } = await openDirector(values);
  for (const note of notes) process.stderr.write(`cmux-director mcp: note: ${note}\n`);
  const server = new McpServer({ name: 'cmux-director', version: '0.1.0' });
  directorTools(server, director);
  const transport = new StdioServerTransport();
  await server.connect(transport);
  await new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    process.stdin.once('end', () => resolve());
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await server.close();
}
