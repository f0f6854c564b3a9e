/**
 * Code-review findings: the reviewer session writes one finding per line,
 * `CRITICAL | path:line | finding` (also MAJOR, MINOR). Pure parsing and summaries; a line that
 * breaks the format is reported as malformed with the reason, never guessed at.
 */

export const SEVERITIES = ['CRITICAL', 'MAJOR', 'MINOR'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface Finding {
  readonly severity: Severity;
  readonly path: string;
  /** 1-based. */
  readonly line: number;
  readonly text: string;
  /** Where it stands in the findings file (1-based). */
  readonly lineNumber: number;
}

export interface MalformedFinding {
  readonly lineNumber: number;
  readonly raw: string;
  readonly problem: string;
}

export interface ParsedFindings {
  readonly findings: Finding[];
  readonly malformed: MalformedFinding[];
}

export interface FindingCounts {
  readonly critical: number;
  readonly major: number;
  readonly minor: number;
}

const LOCATION_RE = /^(\S(?:.*\S)?):([1-9]\d*)$/;

/** Parses a findings file. Blank lines and `#` comment lines are skipped. */
export function parseFindings(text: string): ParsedFindings {
  const findings: Finding[] = [];
  const malformed: MalformedFinding[] = [];
  text.split('\n').forEach((rawLine, index) => {
    const raw = rawLine.replace(/\r$/, '');
    const lineNumber = index + 1;
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) return;
    const bad = (problem: string) => malformed.push({ lineNumber, raw, problem });
    const first = raw.indexOf('|');
    const second = first < 0 ? -1 : raw.indexOf('|', first + 1);
    if (second < 0) return bad('expected "SEVERITY | path:line | finding"');
    const severity = raw.slice(0, first).trim();
    const location = raw.slice(first + 1, second).trim();
    const finding = raw.slice(second + 1).trim();
    if (!(SEVERITIES as readonly string[]).includes(severity))
      return bad(`severity ${JSON.stringify(severity)} is not ${SEVERITIES.join(', ')}`);
    const at = LOCATION_RE.exec(location);
    if (!at) return bad(`location ${JSON.stringify(location)} is not path:line`);
    if (finding === '') return bad('the finding is empty');
    findings.push({ severity: severity as Severity, path: at[1]!, line: Number(at[2]), text: finding, lineNumber });
  });
  return { findings, malformed };
}

export function countFindings(findings: readonly Finding[]): FindingCounts {
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  return { critical: count('CRITICAL'), major: count('MAJOR'), minor: count('MINOR') };
}

/** What the ledger summary records about a passed review: `reviewed: 0 critical, 2 major`. */
export function reviewNote(counts: FindingCounts): string {
  return `reviewed: ${counts.critical} critical, ${counts.major} major${counts.minor > 0 ? `, ${counts.minor} minor` : ''}`;
}

export const formatFinding = (f: Pick<Finding, 'severity' | 'path' | 'line' | 'text'>) =>
  `${f.severity} | ${f.path}:${f.line} | ${f.text}`;

/** The corrective message for the implementer: the findings, CRITICAL first, and what to do. */
export function findingsRedirect(reviewer: string, findings: readonly Finding[]): string {
  const order = (f: Finding) => SEVERITIES.indexOf(f.severity);
  const sorted = [...findings].sort((a, b) => order(a) - order(b) || a.lineNumber - b.lineNumber);
  return [
    `A code review (${reviewer}) of your change found CRITICAL problems. Fix every CRITICAL finding;`,
    'fix the MAJOR and MINOR ones too when it is cheap and inside your task scope:',
    ...sorted.map((f) => `- ${formatFinding(f)}`),
  ].join('\n');
}
