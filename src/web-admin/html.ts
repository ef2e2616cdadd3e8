// A tiny HTML template: every interpolated value is escaped unless wrapped in `raw()`, so a
// teacher's name or a file name can never inject markup.
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

/** A complete page in the product's look: mobile-first, Vietnamese. */
export function page(title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} — Trợ lý hồ sơ chuyên môn</title>
<style>${raw(STYLE)}</style></head>
<body><header><strong>Trợ lý hồ sơ chuyên môn</strong></header><main>${body}</main></body></html>`.value;
}

const STYLE = `
*{box-sizing:border-box}body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2933;background:#f5f7fa;line-height:1.5}
header{background:#0b5cad;color:#fff;padding:.75rem 1rem}main{max-width:36rem;margin:0 auto;padding:1rem}
h1{font-size:1.35rem;margin:.5rem 0 1rem}label{display:block;font-weight:600;margin:.9rem 0 .3rem}
select,input[type=text],input[type=date],input[type=file]{width:100%;padding:.6rem;font-size:1rem;border:1px solid #9aa5b1;border-radius:.4rem;background:#fff}
button{margin-top:1.2rem;width:100%;padding:.8rem;font-size:1.05rem;font-weight:600;color:#fff;background:#0b5cad;border:0;border-radius:.4rem}
.card{background:#fff;border-radius:.6rem;padding:1rem 1.2rem;box-shadow:0 1px 3px rgba(0,0,0,.08)}
.error{background:#fde8e8;color:#9b1c1c;padding:.75rem;border-radius:.4rem}.ok{background:#e3f9e5;color:#05603a;padding:.75rem;border-radius:.4rem}
.hint{color:#52606d;font-size:.9rem}pre{white-space:pre-wrap;font-family:inherit}`;
