// The dashboard's charts for leaders (issue 18): who lags (share of owed annual plans handed in
// and approved, per supervising unit and per school, worst first) and whether the scope is on
// track (its annual plans day by day towards the deadline). Inline SVG drawn on the server —
// no script, the strict CSP stays as it is — with every figure written beside its bar or line,
// a title and description for screen readers, and the figures as a table under each chart.
// Drawn 360 units wide, about a phone's width, so that on a 390 px screen its text keeps close
// to its size; on a laptop, and on paper (at most 14 cm wide and one A4 page tall), it scales.
import { formatVnDate, type IsoDate } from '../../core/calendar.js';
import { percentOf, progressOn, type ProgressSeries, type RateLine } from '../../core/compliance-rates.js';
import { daysUntil } from '../../core/schedule.js';
import { html, type SafeHtml } from '../html.js';
import type { CityReport } from './compliance-report.js';
import { dashboardQuery } from './dashboard-params.js';
import type { LeaderCharts } from './progress-report.js';

/** Bars per chart: a printed chart stays on one A4 page; the tables under it list everyone. */
export const CHART_LIMIT = 20;

const WIDTH = 360;
const HANDED_IN = '#0b5cad';
const APPROVED = '#05603a';
const TRACK = '#e4e7eb';
const INK = '#1f2933';
const DEADLINE = '#9b1c1c';

export const CHART_STYLE = html`<style>
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,24rem),1fr));gap:0 1.2rem;align-items:start}
.charts .chart-card{margin:0 0 1rem;background:#fff;border-radius:.6rem;padding:.8rem 1rem;box-shadow:0 1px 3px rgba(0,0,0,.08);min-width:0}
.charts h3{font-size:1rem;margin:0 0 .5rem}
svg.chart{display:block;width:100%;max-width:32rem;height:auto}svg.chart text{font-family:inherit;fill:${INK}}
.charts .caption{font-size:.9rem;margin:.4rem 0 0}.charts th{white-space:normal}.charts table.rates td.num{white-space:normal}.charts th,.charts td{padding:.35rem .4rem}.charts td{overflow-wrap:anywhere}.charts details{margin-top:.5rem}.charts summary{cursor:pointer;color:#0b5cad}
@media (max-width:40rem){.charts .chart-card{padding:.6rem .5rem}}
@media print{@page{size:A4;margin:12mm}.charts{display:block}.charts .chart-card{break-inside:avoid;box-shadow:none;padding:0;margin:0 0 6mm}
svg.chart{width:100%;max-width:140mm;height:auto;max-height:235mm}.charts details{display:none}
.table-wrap{overflow:visible;box-shadow:none}.compliance{font-size:8pt}.compliance tbody th{min-width:0}.compliance th,.compliance td{padding:.2rem .25rem}}
</style>`;

/** 1234 → "1.234", as Vietnamese write numbers. */
function number(n: number): string {
  return n.toLocaleString('vi-VN');
}

function percentText(part: number, whole: number): string {
  const p = percentOf(part, whole);
  return p === null ? '—' : `${p}%`;
}

function shortLabel(label: string, max = 46): string {
  return label.length <= max ? label : `${label.slice(0, max - 1).trimEnd()}…`;
}

function rateSentence(line: RateLine<unknown>): string {
  if (line.obligations === 0) return `${line.label}: chưa có kế hoạch phải nộp`;
  return `${line.label}: đã nộp ${percentText(line.handedIn, line.obligations)} (${number(line.handedIn)}/${number(line.obligations)}), đã duyệt ${percentText(line.approved, line.obligations)} (${number(line.approved)}/${number(line.obligations)})`;
}

interface RateChartOptions {
  id: string;
  heading: string;
  /** What a line is: "đơn vị", "trường". */
  noun: string;
  lines: RateLine<number>[];
  hrefOf: (key: number) => string;
}

const ROW = 47;
const TOP = 26;
const BAR_MAX = 170;
const FIGURES_X = 176;

/** Horizontal bars, two per line (handed in, approved) over a 100 % track, figures beside them. */
function rateChart(o: RateChartOptions): SafeHtml {
  const shown = o.lines.slice(0, CHART_LIMIT);
  const height = TOP + shown.length * ROW;
  const rows = shown.map((line, i) => {
    const y = TOP + i * ROW;
    const bar = (part: number, dy: number, colour: string, word: string) => {
      const width = line.obligations > 0 ? (BAR_MAX * Math.min(part, line.obligations)) / line.obligations : 0;
      return html`<rect x="0" y="${y + dy}" width="${BAR_MAX}" height="11" fill="${TRACK}"/><rect x="0" y="${y + dy}" width="${width.toFixed(1)}" height="11" fill="${colour}"/>
<text x="${FIGURES_X}" y="${y + dy + 10}" font-size="12">${word} ${percentText(part, line.obligations)} (${number(part)}/${number(line.obligations)})</text>`;
    };
    const bars =
      line.obligations === 0
        ? html`<text x="0" y="${y + 28}" font-size="12">Chưa có kế hoạch phải nộp</text>`
        : html`${bar(line.handedIn, 17, HANDED_IN, 'Đã nộp')}${bar(line.approved, 30, APPROVED, 'Đã duyệt')}`;
    return html`<g><text x="0" y="${y + 13}" font-size="13" font-weight="600">${i + 1}. ${shortLabel(line.label)}</text>${bars}</g>`;
  });
  const more = o.lines.length - shown.length;
  const title = `${o.heading}, thấp nhất trước`;
  const desc = `${shown.length < o.lines.length ? `${shown.length} ${o.noun} thấp nhất trong ${o.lines.length}. ` : ''}${shown.map(rateSentence).join('; ')}.`;
  // Three columns (the figures in brackets), narrow enough for a phone without turning rows
  // into cards: a city's 300 schools stay a short list.
  const figure = (part: number, whole: number) => (whole > 0 ? `${percentText(part, whole)} (${number(part)}/${number(whole)})` : '—');
  const table = html`<details><summary>Bảng số liệu (${o.lines.length} ${o.noun}, thấp nhất trước)</summary><div class="table-wrap"><table class="rates"><thead><tr><th>${o.noun === 'trường' ? 'Trường' : 'Đơn vị quản lý'}</th><th class="num">Đã nộp</th><th class="num">Đã duyệt</th></tr></thead>
<tbody>${o.lines.map((l) => html`<tr><td><a href="${o.hrefOf(l.key)}">${l.label}</a></td><td class="num">${figure(l.handedIn, l.obligations)}</td><td class="num">${figure(l.approved, l.obligations)}</td></tr>`)}</tbody></table></div></details>`;
  return html`<section class="chart-card" id="${o.id}" aria-labelledby="${o.id}-h"><h3 id="${o.id}-h">${o.heading}</h3>
<svg class="chart" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-labelledby="${o.id}-t ${o.id}-d"><title id="${o.id}-t">${title}</title><desc id="${o.id}-d">${desc}</desc>
<rect x="0" y="2" width="12" height="11" fill="${HANDED_IN}"/><text x="16" y="12" font-size="12">Đã nộp</text><rect x="80" y="2" width="12" height="11" fill="${APPROVED}"/><text x="96" y="12" font-size="12">Đã duyệt</text><text x="${WIDTH}" y="12" font-size="12" text-anchor="end">trên số phải nộp</text>
${rows}</svg>
<p class="caption">${shown.length === 0 ? `Không có ${o.noun} nào.` : `Thấp nhất: ${rateSentence(shown[0]!)}.`}${more > 0 ? ` Biểu đồ vẽ ${shown.length} ${o.noun} thấp nhất; ${more} ${o.noun} khác ở bảng số liệu.` : ''}</p>
${table}</section>`;
}

// Progress chart geometry: plot area inside the frame, legend above it, dates under it.
const P = { left: 46, right: 352, top: 50, bottom: 214 } as const;
const PROGRESS_HEIGHT = 236;

function progressChart(id: string, series: ProgressSeries, obligations: number, deadline: IsoDate, today: IsoDate): SafeHtml {
  const span = Math.max(1, daysBetween(series.from, series.to));
  const x = (day: IsoDate) => P.left + ((P.right - P.left) * Math.min(span, Math.max(0, daysBetween(series.from, day)))) / span;
  const last = series.days.at(-1) ?? { day: series.lastDay, handedIn: 0, approved: 0 };
  const top = Math.max(1, obligations, last.handedIn, last.approved);
  const y = (n: number) => P.bottom - ((P.bottom - P.top) * n) / top;
  const line = (pick: (d: { handedIn: number; approved: number }) => number) =>
    series.days.map((d) => `${x(d.day).toFixed(1)},${y(pick(d)).toFixed(1)}`).join(' ');
  const dxDeadline = x(deadline);
  // Dates under the axis: start, deadline, end; the deadline's wins where they would overlap.
  const dates: SafeHtml[] = [];
  const nearStart = dxDeadline - P.left < 70;
  const nearEnd = P.right - dxDeadline < 70;
  if (!nearStart) dates.push(html`<text x="${P.left}" y="${P.bottom + 16}" font-size="12">${shortDate(series.from)}</text>`);
  if (!nearEnd) dates.push(html`<text x="${P.right}" y="${P.bottom + 16}" font-size="12" text-anchor="end">${shortDate(series.to)}</text>`);
  dates.push(
    html`<text x="${dxDeadline.toFixed(1)}" y="${P.bottom + 16}" font-size="12" font-weight="600" text-anchor="${nearStart ? 'start' : nearEnd ? 'end' : 'middle'}">Hạn ${shortDate(deadline)}</text>`,
  );
  const legend = (row: number, colour: string, dash: string, text: string) =>
    html`<line x1="0" x2="26" y1="${row - 4}" y2="${row - 4}" stroke="${colour}" stroke-width="3"${dash ? html` stroke-dasharray="${dash}"` : ''}/><text x="32" y="${row}" font-size="12">${text}</text>`;
  const whole = (n: number) => `${number(n)} (${percentText(n, obligations)})`;
  const title = 'Kế hoạch năm học đã nộp và đã duyệt, cộng dồn theo ngày';
  const summary = progressSummary(series, obligations, deadline, today);
  return html`<section class="chart-card" id="${id}" aria-labelledby="${id}-h"><h3 id="${id}-h">Tiến độ nộp và duyệt kế hoạch năm học theo ngày</h3>
<svg class="chart" viewBox="0 0 ${WIDTH} ${PROGRESS_HEIGHT}" width="${WIDTH}" height="${PROGRESS_HEIGHT}" role="img" aria-labelledby="${id}-t ${id}-d"><title id="${id}-t">${title}</title><desc id="${id}-d">Từ ${formatVnDate(series.from)} đến ${formatVnDate(series.lastDay)}. ${summary}</desc>
${legend(12, HANDED_IN, '', `Đã nộp: ${whole(last.handedIn)}`)}${legend(30, APPROVED, '6 3', `Đã duyệt: ${whole(last.approved)}`)}
<line x1="${P.left}" x2="${P.right}" y1="${P.bottom}" y2="${P.bottom}" stroke="${INK}" stroke-width="1"/><line x1="${P.left}" x2="${P.left}" y1="${P.top}" y2="${P.bottom}" stroke="${INK}" stroke-width="1"/>
<text x="${P.left - 4}" y="${P.bottom + 4}" font-size="12" text-anchor="end">0</text><text x="${P.left - 4}" y="${y(top) + 4}" font-size="12" text-anchor="end">${number(top)}</text>
${obligations > 0 ? html`<line x1="${P.left}" x2="${P.right}" y1="${y(obligations).toFixed(1)}" y2="${y(obligations).toFixed(1)}" stroke="${INK}" stroke-width="1" stroke-dasharray="2 3"/><text x="${P.right}" y="${(y(obligations) - 4).toFixed(1)}" font-size="12" text-anchor="end">Phải nộp: ${number(obligations)}</text>` : ''}
<line x1="${dxDeadline.toFixed(1)}" x2="${dxDeadline.toFixed(1)}" y1="${P.top}" y2="${P.bottom}" stroke="${DEADLINE}" stroke-width="1.5" stroke-dasharray="4 3"/>
<polyline points="${line((d) => d.handedIn)}" fill="none" stroke="${HANDED_IN}" stroke-width="2.5" stroke-linejoin="round"/>
<polyline points="${line((d) => d.approved)}" fill="none" stroke="${APPROVED}" stroke-width="2.5" stroke-dasharray="6 3" stroke-linejoin="round"/>
${dates}</svg>
<p class="caption">${summary}</p>
${progressTable(series)}</section>`;
}

/** What a leader asks: by the deadline, and today, how much is in and approved. */
function progressSummary(series: ProgressSeries, obligations: number, deadline: IsoDate, today: IsoDate): string {
  const of = (n: number) => `${number(n)}/${number(obligations)} (${percentText(n, obligations)})`;
  const now = series.days.at(-1) ?? { day: series.lastDay, handedIn: 0, approved: 0 };
  const nowText = `đã nộp ${of(now.handedIn)}, đã duyệt ${of(now.approved)}`;
  if (today <= deadline) {
    const days = daysUntil(deadline, new Date(`${today}T12:00:00+07:00`));
    return `${days === 0 ? `Hôm nay là hạn nộp (${formatVnDate(deadline)})` : `Còn ${days} ngày đến hạn nộp ${formatVnDate(deadline)}`}. Đến nay: ${nowText}.`;
  }
  const atDeadline = progressOn(series, deadline);
  return `Đến hết hạn nộp ${formatVnDate(deadline)}: đã nộp ${of(atDeadline.handedIn)}, đã duyệt ${of(atDeadline.approved)}. Đến ${formatVnDate(now.day)}: ${nowText}.`;
}

/** The days on which something changed, with the running totals. */
function progressTable(series: ProgressSeries): SafeHtml {
  const rows: SafeHtml[] = [];
  let previous = { handedIn: 0, approved: 0 };
  for (const d of series.days) {
    if (d.handedIn !== previous.handedIn || d.approved !== previous.approved) {
      rows.push(html`<tr><td>${formatVnDate(d.day)}</td><td class="num">${number(d.handedIn - previous.handedIn)}</td><td class="num">${number(d.handedIn)}</td><td class="num">${number(d.approved - previous.approved)}</td><td class="num">${number(d.approved)}</td></tr>`);
    }
    previous = d;
  }
  if (rows.length === 0) return html`<p class="hint">Chưa có kế hoạch năm học nào được nộp.</p>`;
  return html`<details><summary>Bảng số liệu theo ngày (${rows.length} ngày có thay đổi)</summary><div class="table-wrap"><table><thead><tr><th>Ngày</th><th class="num">Nộp trong ngày</th><th class="num">Đã nộp (cộng dồn)</th><th class="num">Duyệt trong ngày</th><th class="num">Đã duyệt (cộng dồn)</th></tr></thead>
<tbody>${rows}</tbody></table></div></details>`;
}

function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** "15/09": a window is at most one school year, so day and month tell the dates apart. */
function shortDate(day: IsoDate): string {
  return formatVnDate(day).slice(0, 5);
}

/** The charts section of the city dashboard, in the scope and filters of its report. */
export function chartsSection(report: CityReport, charts: LeaderCharts): SafeHtml {
  const year = report.year.id;
  const unitHref = (unitId: number) => `/dashboard${dashboardQuery({ year, unit: unitId, level: report.params.level })}#bieu-do`;
  const schoolHref = (schoolId: number) => `/dashboard/schools/${schoolId}${dashboardQuery({ year })}`;
  const p = charts.progress;
  return html`${CHART_STYLE}<h2 id="bieu-do">Biểu đồ: ai đang chậm, có kịp hạn không</h2>
<p class="hint">Tỷ lệ tính trên số kế hoạch năm học phải nộp. “Đã nộp” gồm mọi kế hoạch đã có hồ sơ (chờ duyệt, đã duyệt hoặc bị trả lại); thấp nhất đứng đầu.
<span class="no-print">Bấm “In trang này” (hoặc Ctrl+P) để in: menu và bộ lọc được ẩn, mỗi biểu đồ vừa một trang A4.</span></p>
<p class="row no-print"><button type="button" class="secondary" data-print>In trang này</button></p>
<div class="charts">
${progressChart('bd-tien-do', p.series, p.obligations, p.deadline, p.today)}
${charts.units ? rateChart({ id: 'bd-don-vi', heading: 'Tỷ lệ nộp và duyệt theo đơn vị quản lý', noun: 'đơn vị', lines: charts.units, hrefOf: unitHref }) : ''}
${rateChart({ id: 'bd-truong', heading: 'Tỷ lệ nộp và duyệt theo trường', noun: 'trường', lines: charts.schools, hrefOf: schoolHref })}
</div><script src="/assets/print.js"></script>`;
}

