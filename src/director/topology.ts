/**
 * One block of topology for an orchestrating Claude Code session (its SessionStart hook runs
 * `cmux-director status --topology`, installed by init): the multiplexer, this pane, the panes
 * of the layout, and the named sessions with their state. Short on purpose: it lands in context.
 */
import type { DirectorContext } from './context';
import { describeBackend } from './queries';
import { status } from './status';

const MAX_PANES = 12;

export async function topology(ctx: DirectorContext, env: NodeJS.ProcessEnv): Promise<string> {
  const here = ctx.mux.kind === 'cmux' ? env['CMUX_SURFACE_ID'] : env['TMUX_PANE'];
  const panes = await ctx.mux.listPanes().catch(() => undefined);
  const { sessions } = panes ? await status(ctx) : { sessions: [] };
  const named = new Map(sessions.map((s) => [s.record.paneId, s]));
  const lines = [
    `cmux Director topology (${describeBackend(ctx)}, workspace ${ctx.root})`,
    `this pane: ${here ?? '(not inside the multiplexer)'}`,
  ];
  if (!panes) lines.push('layout: (the multiplexer is not running)');
  else {
    lines.push(`layout: ${panes.length} pane(s)`);
    for (const pane of panes.slice(0, MAX_PANES)) {
      const session = named.get(pane.id);
      const what = session ? `${session.slug} ${session.state}` : pane.title || pane.command || '';
      lines.push(`  ${pane.ref}${pane.id === here ? ' (this pane)' : ''}: ${what}`.trimEnd());
    }
    if (panes.length > MAX_PANES) lines.push(`  … ${panes.length - MAX_PANES} more`);
  }
  lines.push(
    sessions.length > 0 ? `sessions: ${sessions.map((s) => `${s.slug} ${s.state}`).join(', ')}` : 'sessions: none open',
  );
  return lines.join('\n');
}
