/** The output lines of `cmux-director review` (and the MCP tool), with their exit codes. */
import type { ReviewResult } from '../director';
import { EXIT, render, type Rendered } from './output';

const bare = (full: string) => full.replace(/^impl-/, '');

export function renderReview(r: ReviewResult): Rendered {
  const head = `slug=${r.slug.full} reviewer=${r.reviewer.full}`;
  switch (r.kind) {
    case 'REVIEW-SPAWNED':
      return {
        text: `REVIEW-SPAWNED ${head} surface=${r.spawn.paneId} findings=${r.findingsFile}`,
        json: {
          result: 'REVIEW-SPAWNED',
          slug: r.slug.full,
          reviewer: r.reviewer.full,
          surface: r.spawn.paneId,
          task: r.taskFile,
          findings: r.findingsFile,
        },
        exitCode: EXIT.ok,
        notes: [`when it is done, read its findings: cmux-director review ${bare(r.slug.full)} --wait`],
      };
    case 'REVIEW-NOT-DELIVERED':
      return {
        text: `REVIEW-NOT-DELIVERED ${head} reason=${r.reason}`,
        json: { result: 'REVIEW-NOT-DELIVERED', slug: r.slug.full, reviewer: r.reviewer.full, reason: r.reason },
        exitCode: EXIT.error,
      };
    case 'REVIEW-PENDING': {
      const waited = render.wait(r.wait);
      return {
        text: `REVIEW-PENDING ${head} wait=${String(waited.json['result'])}`,
        json: { result: 'REVIEW-PENDING', slug: r.slug.full, reviewer: r.reviewer.full, wait: waited.json },
        exitCode: waited.exitCode,
        notes: waited.notes ?? [],
      };
    }
    case 'REVIEWED': {
      const c = r.counts;
      const redirected = r.redirected ? ` redirected=yes wait_token=${r.redirected.waitToken}` : '';
      const findings = r.findings.map((f) => `${f.severity} | ${f.path}:${f.line} | ${f.text}`);
      return {
        text: [
          `REVIEWED ${head} verdict=${r.verdict} critical=${c.critical} major=${c.major} minor=${c.minor} malformed=${r.malformed.length}${redirected}`,
          ...findings,
        ].join('\n'),
        json: {
          result: 'REVIEWED',
          slug: r.slug.full,
          reviewer: r.reviewer.full,
          verdict: r.verdict,
          counts: c,
          findings: r.findings,
          malformed: r.malformed,
          findingsFile: r.findingsFile,
          ...(r.transcript ? { transcript: r.transcript } : {}),
          ...(r.redirected ? { redirected: { wait_token: r.redirected.waitToken, file: r.redirected.file } } : {}),
          ...(r.redirectError ? { redirectError: r.redirectError } : {}),
        },
        exitCode: r.verdict === 'PASSED' ? EXIT.ok : r.verdict === 'NO-SHIP' ? EXIT.noShip : EXIT.needsReview,
        notes: [
          ...(r.findingsMissing ? [`the reviewer wrote no findings file (${r.findingsFile}): review again`] : []),
          ...r.malformed.map((m) => `${r.findingsFile}:${m.lineNumber} is malformed (${m.problem}): ${m.raw}`),
          ...(r.redirected
            ? [`${r.slug.full} was redirected with the findings: cmux-director wait ${bare(r.slug.full)}`]
            : []),
          ...(r.redirectError ? [`the findings were not sent to ${r.slug.full}: ${r.redirectError}`] : []),
        ],
      };
    }
  }
}
