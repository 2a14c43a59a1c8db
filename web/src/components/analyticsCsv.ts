// The network and engagement reports as one tidy CSV table each, built from the JSON the page
// already has: `section,name,to,figure,value`, one figure a row, so a spreadsheet can filter a
// section or pivot it back into a table. `name` is what a row is about (a unit, a person, a kind
// of item, a post by its id, the start of a week) and `to` the other end where there is one (the unit
// interacted with, the end of the week); the summary rows have neither. Fractions are rounded to
// four decimals; a withheld or unknown figure is an empty value. docs/design/analytics.md defines
// every figure.

import type { AnalyticsEngagement, AnalyticsNetwork } from '../api/types';
import type { CsvValue } from './csv';
import { csvText, decimal } from './csv';

export const kCsvHeader = ['section', 'name', 'to', 'figure', 'value'] as const;

type Row = [section: string, name: string | null, to: string | null, figure: string, value: CsvValue];

const flag = (value: boolean) => (value ? 'true' : 'false');

/** The network report; `unitName` names a unit by id (the report's own names first). */
export function networkCsv(report: AnalyticsNetwork, unitName: (id: string) => string): string {
  const rows: Row[] = [];
  const summary = (figure: string, value: CsvValue) => rows.push(['summary', null, null, figure, value]);
  summary('from', report.from);
  summary('to', report.to);
  summary('computed_at', report.computed_at);
  summary('view', report.view);
  summary('people', report.people);
  summary('ties', report.ties);
  summary('interactions', report.interactions);
  for (const kind of report.by_kind) summary(`interactions_${kind.name}`, kind.count);
  summary('cross_unit_share', decimal(report.cross_unit_share));
  summary('communities', report.communities.count);
  summary('modularity', decimal(report.communities.modularity));
  summary('matches_units', decimal(report.communities.matches_units));
  summary('unit_assortativity', decimal(report.communities.unit_assortativity));
  summary('unit_level', report.unit_level);
  summary('unit_levels', report.unit_levels);
  summary('units_shown', report.units.length);
  summary('withheld_units', report.withheld_units);
  summary('min_group', report.min_group);
  summary('betweenness_sampled', flag(report.betweenness_sampled));
  summary('betweenness_sources', report.betweenness_sources);

  for (const cell of report.matrix) {
    const from = unitName(cell.from_unit_id);
    const to = unitName(cell.to_unit_id);
    rows.push(['matrix', from, to, 'interactions', cell.interactions]);
    rows.push(['matrix', from, to, 'solutions', cell.solutions]);
  }
  for (const t of report.unit_ties) {
    const tie = (figure: string, value: CsvValue) => rows.push(['unit_ties', t.unit.name, null, figure, value]);
    tie('active', t.active);
    tie('internal', t.internal);
    tie('external', t.external);
    tie('external_share', decimal(t.external_share));
    tie('partner_units', t.partner_units);
    tie('silo', flag(t.silo));
  }
  for (const b of report.brokers) {
    const broker = (figure: string, value: CsvValue) => rows.push(['brokers', b.person.name, null, figure, value]);
    broker('handle', b.person.handle);
    broker('betweenness', decimal(b.betweenness));
    broker('units_bridged', b.units_bridged);
    broker('ties', b.ties);
  }
  for (const point of report.trend) {
    rows.push(['trend', point.from, point.to, 'interactions', point.interactions]);
    rows.push(['trend', point.from, point.to, 'cross_unit_share', decimal(point.cross_unit_share)]);
  }
  for (const c of report.communities.items) {
    const name = `community ${c.index}`;
    rows.push(['communities', name, null, 'size', c.size]);
    rows.push(['communities', name, null, 'main_unit', c.main_unit_id === null ? null : unitName(c.main_unit_id)]);
    rows.push(['communities', name, null, 'main_unit_share', decimal(c.main_unit_share)]);
  }
  return csvText([kCsvHeader, ...rows]);
}

/** The engagement report; `unitName` names the unit it was asked for, if any. */
export function engagementCsv(report: AnalyticsEngagement, unitName: string | null): string {
  const rows: Row[] = [];
  const summary = (figure: string, value: CsvValue) => rows.push(['summary', null, null, figure, value]);
  summary('from', report.from);
  summary('to', report.to);
  summary('computed_at', report.computed_at);
  summary('view', report.view);
  summary('unit', unitName);
  summary('min_group', report.min_group);

  for (const kind of ['posts', 'problems', 'ideas', 'proposals'] as const) {
    const r = report.reach[kind];
    const reach = (figure: string, value: CsvValue) => rows.push(['reach', kind, null, figure, value]);
    reach('items', r.items);
    reach('reached', r.reached);
    reach('connected', r.connected);
    reach('median_reached', r.median_reached);
    reach('median_connected', r.median_connected);
    reach('connection_rate', decimal(r.connection_rate));
  }

  const { conversation, cascades } = report;
  rows.push(['conversation', null, null, 'conversations', conversation.conversations]);
  rows.push(['conversation', null, null, 'broadcasts', conversation.broadcasts]);
  rows.push(['conversation', null, null, 'share', decimal(conversation.share)]);
  rows.push(['conversation', null, null, 'withheld_units', conversation.withheld_units]);
  for (const u of conversation.units) {
    const byUnit = (figure: string, value: CsvValue) => rows.push(['conversation_by_unit', u.unit.name, null, figure, value]);
    byUnit('posts', u.posts);
    byUnit('conversations', u.conversations);
    byUnit('broadcasts', u.broadcasts);
    byUnit('share', decimal(u.share));
  }

  rows.push(['cascades', null, null, 'count', cascades.count]);
  rows.push(['cascades', null, null, 'reshares', cascades.reshares]);
  rows.push(['cascades', null, null, 'max_depth', cascades.max_depth]);
  for (const c of cascades.top) {
    const cascade = (figure: string, value: CsvValue) => rows.push(['cascade', c.post_id, null, figure, value]);
    cascade('author', c.author.name);
    cascade('author_handle', c.author.handle);
    cascade('reshares', c.reshares);
    cascade('depth', c.depth);
    cascade('breadth', c.breadth);
    cascade('people_reached', c.people_reached);
    cascade('units_reached', c.units_reached);
  }
  for (const s of cascades.sharers) {
    const sharer = (figure: string, value: CsvValue) => rows.push(['sharers', s.person.name, null, figure, value]);
    sharer('handle', s.person.handle);
    sharer('reshares', s.reshares);
    sharer('cross_unit', s.cross_unit);
    sharer('new_people', s.new_people);
  }
  return csvText([kCsvHeader, ...rows]);
}
