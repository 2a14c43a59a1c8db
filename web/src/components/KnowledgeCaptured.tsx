// "Knowledge captured" on the outcomes dashboard: pages written and saved in the period, and of
// the problems resolved and the proposals decided in it, how many have a page — one promoted from
// them or one that links to them — each with a bar of that share. The sentence beside each bar
// says the same in words, so the bar itself is hidden from assistive technology.

import { useId } from 'preact/hooks';
import type { AnalyticsOutcomes } from '../api/types';

interface ShareProps {
  /** "Problems written up". */
  label: string;
  part: number;
  whole: number;
  /** What the whole is: "resolved", "decided". */
  of: string;
  testId: string;
}

/** "3 of 5 resolved (60%)", or "none resolved yet" when there is nothing to share out. */
export function shareText(part: number, whole: number, of: string): string {
  if (whole <= 0) return `none ${of} yet`;
  return `${part} of ${whole} ${of} (${Math.round((Math.min(part, whole) / whole) * 100)}%)`;
}

function Share({ label, part, whole, of, testId }: ShareProps) {
  const share = whole > 0 ? Math.min(1, Math.max(0, part / whole)) : 0;
  return (
    <li class="knowledge-share" data-testid={testId} data-part={part} data-whole={whole}>
      <p class="knowledge-share__text">
        <span class="knowledge-share__label">{label}:</span> {shareText(part, whole, of)}
      </p>
      <div class="knowledge-share__track" aria-hidden="true">
        <div class="knowledge-share__bar" style={{ width: `${(share * 100).toFixed(1)}%` }} />
      </div>
    </li>
  );
}

export function KnowledgeCaptured({ report }: { report: AnalyticsOutcomes }) {
  const headingId = useId();
  const { knowledge, problems, proposals } = report;
  return (
    <section class="card outcome-knowledge" aria-labelledby={headingId} data-testid="knowledge">
      <h2 id={headingId}>Knowledge captured</h2>
      <p class="muted">
        Pages written and saved in the period, and how many of its outcomes a page records: promoted from them, or
        linking to them.
      </p>
      <dl class="outcome-figures outcome-knowledge__figures" aria-label="Pages in the period">
        <div class="outcome-figure" data-figure="pages-created">
          <dt>Pages written</dt>
          <dd>
            <span class="outcome-figure__value" data-testid="knowledge-pages-created">
              {knowledge.pages_created}
            </span>
            <span class="outcome-figure__note muted">new pages in the period</span>
          </dd>
        </div>
        <div class="outcome-figure" data-figure="page-saves">
          <dt>Saves</dt>
          <dd>
            <span class="outcome-figure__value" data-testid="knowledge-page-saves">
              {knowledge.page_saves}
            </span>
            <span class="outcome-figure__note muted">revisions saved, first ones included</span>
          </dd>
        </div>
      </dl>
      <ul class="knowledge-shares" aria-label="Outcomes written up">
        <Share
          label="Problems written up"
          part={knowledge.problems_captured}
          whole={problems.resolved}
          of="resolved"
          testId="knowledge-problems"
        />
        <Share
          label="Decisions written up"
          part={knowledge.proposals_captured}
          whole={proposals.decided}
          of="decided"
          testId="knowledge-decisions"
        />
      </ul>
    </section>
  );
}
