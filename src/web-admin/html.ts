// A tiny HTML template: every interpolated value is escaped unless wrapped in `raw()`, so a
// teacher's name or a file name can never inject markup.
import { createHash } from 'node:crypto';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

export function raw(trusted: string): SafeHtml {
  return new SafeHtml(trusted);
}

type Value = string | number | boolean | null | undefined | SafeHtml | Value[];

function render(value: Value): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Value[]): SafeHtml {
  return new SafeHtml(strings.reduce((out, s, i) => out + s + (i < values.length ? render(values[i]!) : ''), ''));
}

export interface PageOptions {
  /** Admin pages: wide layout and the navigation bar. */
  nav?: SafeHtml;
}

/**
 * Every plain data table of a page reads as cards on a phone (CSS `table.stack`): each cell
 * is given its column's heading as `data-label`, taken from the table's one-row head. Tables
 * whose head spans rows or columns, or that say `class="…"` already, are left as they are
 * (they bring their own phone layout). Works on our own markup only (html`` output).
 */
export function stackTables(markup: string): string {
  return markup.replace(/<table>([\s\S]*?)<\/table>/g, (table, inner: string) => {
    const head = /<thead>\s*<tr>([\s\S]*?)<\/tr>\s*<\/thead>/.exec(inner);
    if (!head || /colspan|rowspan/.test(head[1]!)) return table;
    const labels = [...head[1]!.matchAll(/<th\b[^>]*>([\s\S]*?)<\/th>/g)].map((m) =>
      m[1]!.includes('sr-only') ? '' : m[1]!.replace(/<[^>]+>/g, '').trim(),
    );
    const body = inner.slice(head.index + head[0].length).replace(/<tr\b[^>]*>[\s\S]*?<\/tr>/g, (row) => {
      let column = 0;
      return row.replace(/<td\b([^>]*)>/g, (cell, attrs: string) => {
        const label = labels[column];
        column += Number(/colspan="(\d+)"/.exec(attrs)?.[1] ?? 1);
        return label && !/data-label=/.test(attrs) ? `<td${attrs} data-label="${label}">` : cell;
      });
    });
    return `<table class="stack">${inner.slice(0, head.index + head[0].length)}${body}</table>`;
  });
}

/** A complete page in the product's look: mobile-first, Vietnamese. */
export function page(title: string, body: SafeHtml, options: PageOptions = {}): string {
  const wide = options.nav !== undefined;
  if (wide) body = raw(stackTables(body.value));
  // Every page says what it is (screen readers jump to the h1): short result pages get their title.
  if (!body.value.includes('<h1')) body = html`<h1>${title}</h1>${body}`;
  return html`<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} — Trợ lý hồ sơ chuyên môn</title><link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
<style>${raw(STYLE)}</style></head>
<body class="${wide ? 'admin' : ''}"><header><a class="brand" href="/">Trợ lý hồ sơ chuyên môn</a>${options.nav}</header><main>${body}</main></body></html>`.value;
}

/** The CSP source allowing exactly the pages' own <style> block (for pages that allow no other inline style). */
export function pageStyleHash(): string {
  return `sha256-${createHash('sha256').update(STYLE).digest('base64')}`;
}

const STYLE = `
*{box-sizing:border-box}body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2933;background:#f5f7fa;line-height:1.5}
header{background:#0b5cad;color:#fff;padding:.6rem 1rem;display:flex;flex-wrap:wrap;align-items:center;gap:.4rem 1.2rem}
header a{color:#fff;text-decoration:none}.brand{font-weight:700;margin-right:auto}
nav{order:3;width:100%;display:flex;flex-wrap:wrap;gap:.2rem 1.1rem;font-size:.95rem}nav a{opacity:.85;padding:.15rem 0;border-bottom:2px solid transparent}nav a.on{opacity:1;border-bottom-color:#fff}
.who{order:2;display:flex;align-items:center;gap:.6rem;font-size:.9rem}.who form{margin:0}.who button{margin:0;width:auto;padding:.25rem .6rem;font-size:.85rem;background:#fff;color:#0b5cad}
main{max-width:36rem;margin:0 auto;padding:1rem}.admin main{max-width:76rem}
h1{font-size:1.35rem;margin:.5rem 0 1rem}h2{font-size:1.1rem;margin:1.4rem 0 .6rem}label{display:block;font-weight:600;margin:.9rem 0 .3rem}
select,input[type=text],input[type=password],input[type=date],input[type=time],input[type=number],input[type=search],input[type=file],textarea{width:100%;padding:.55rem;font-size:1rem;border:1px solid #7b8794;border-radius:.4rem;background:#fff;font-family:inherit}
button,.button{display:inline-block;line-height:1.25;margin-top:1.2rem;width:100%;padding:.75rem;font-size:1.05rem;font-weight:600;color:#fff;background:#0b5cad;border:0;border-radius:.4rem;text-align:center;text-decoration:none;cursor:pointer}
.admin button,.admin .button{width:auto;margin-top:.6rem;padding:.5rem 1rem;font-size:.95rem}
button.secondary,.button.secondary{background:#e4e7eb;color:#1f2933}button.danger{background:#b42318}
.card{background:#fff;border-radius:.6rem;padding:1rem 1.2rem;box-shadow:0 1px 3px rgba(0,0,0,.08);margin-bottom:1rem}
.error{background:#fde8e8;color:#9b1c1c;padding:.75rem;border-radius:.4rem}.ok{background:#e3f9e5;color:#05603a;padding:.75rem;border-radius:.4rem}
.notice{background:#fff8e1;color:#7a4d00;padding:.75rem;border-radius:.4rem}
.hint{color:#52606d;font-size:.9rem}.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}pre{white-space:pre-wrap;font-family:inherit}
.table-wrap{overflow-x:auto;background:#fff;border-radius:.6rem;box-shadow:0 1px 3px rgba(0,0,0,.08);margin-bottom:1rem}
table{border-collapse:collapse;width:100%;font-size:.93rem}th,td{text-align:left;padding:.5rem .7rem;border-bottom:1px solid #e4e7eb;vertical-align:top}
th{background:#f0f4f8;font-weight:600;white-space:nowrap}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}tr:last-child td{border-bottom:0}
.filters{display:grid;grid-template-columns:repeat(auto-fill,minmax(11rem,1fr));gap:.2rem .8rem;align-items:end}.filters label{margin:.4rem 0 .2rem;font-size:.85rem}
.row{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}.row form{margin:0}
.badge{display:inline-block;padding:.05rem .5rem;border-radius:1rem;font-size:.8rem;font-weight:600;background:#e4e7eb;white-space:nowrap}
.badge.APPROVED,.badge.good{background:#e3f9e5;color:#05603a}.badge.RETURNED,.badge.bad{background:#fde8e8;color:#9b1c1c}.badge.SUBMITTED,.badge.wait{background:#fff8e1;color:#7a4d00}
.stats{display:grid;grid-template-columns:repeat(auto-fill,minmax(9rem,1fr));gap:.6rem;margin-bottom:1rem}.stat{background:#fff;border-radius:.6rem;padding:.7rem 1rem;box-shadow:0 1px 3px rgba(0,0,0,.08)}.stat b{display:block;font-size:1.5rem}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem;margin:0}dl.facts dt{color:#52606d}dl.facts dd{margin:0}
.pager{display:flex;gap:1rem;justify-content:space-between;align-items:center}
@media (max-width:40rem){header{padding:.5rem .8rem}.admin main{padding:.6rem}th,td{padding:.4rem .5rem}th{white-space:normal}td{overflow-wrap:anywhere}
nav{gap:.15rem .9rem;padding-bottom:.2rem}
dl.facts{grid-template-columns:1fr;gap:0}dl.facts dt{font-size:.8rem;margin-top:.45rem}}
/* table.stack: on phones each row becomes a card; td[data-label] names the column */
@media (max-width:40rem){table.stack thead{display:none}table.stack tr{display:block;padding:.4rem 0;border-bottom:1px solid #e4e7eb}table.stack tr:last-child{border-bottom:0}table.stack td{display:block;border:0;padding:.15rem .7rem}table.stack td.num{display:inline-block;text-align:left;margin-right:1rem}table.stack td[data-label]::before{content:attr(data-label);display:block;font-size:.78rem;color:#52606d}}
@media print{header,.no-print{display:none}body{background:#fff}.card{box-shadow:none}}`;
