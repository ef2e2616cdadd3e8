// The forms of a page as a browser would submit them: action, method and each field with the
// value it holds by default. Enough for the product's own templates (quoted attributes, no
// nested forms); the security sweep uses it to find every text field the admin accepts.

export interface FormField {
  name: string;
  /** text, search, email, tel, date, time, number, hidden, password, file, checkbox, select, textarea… */
  type: string;
  value: string;
  /** For selects: the option values, in order. */
  options?: string[];
  required: boolean;
}

export interface PageForm {
  method: 'GET' | 'POST';
  /** The action as written (entities decoded); '' means the page itself. */
  action: string;
  multipart: boolean;
  fields: FormField[];
}

/** Field types a person types into: what injection payloads go into. */
export const TYPED_FIELDS = new Set(['text', 'search', 'email', 'tel', 'url', 'date', 'time', 'number', 'textarea']);

export function formsOf(html: string): PageForm[] {
  return [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)].map(([, attrs, body]) => ({
    method: (attr(attrs!, 'method') ?? 'get').toUpperCase() === 'POST' ? 'POST' : 'GET',
    action: attr(attrs!, 'action') ?? '',
    multipart: /multipart\/form-data/i.test(attr(attrs!, 'enctype') ?? ''),
    fields: fieldsOf(body!),
  }));
}

function fieldsOf(body: string): FormField[] {
  const fields: FormField[] = [];
  for (const m of body.matchAll(/<(input|select|textarea)\b([^>]*)>([\s\S]*?<\/\1>)?/gi)) {
    const [, tag, attrs, inner = ''] = m;
    const name = attr(attrs!, 'name');
    if (!name) continue;
    const required = /\brequired\b/i.test(attrs!);
    if (tag!.toLowerCase() === 'select') {
      const options = [...inner.matchAll(/<option\b([^>]*)>([^<]*)/gi)].map(([, o, label]) => ({ value: attr(o!, 'value') ?? decode(label!), selected: /\bselected\b/i.test(o!) }));
      const chosen = options.find((o) => o.selected) ?? options[0];
      fields.push({ name, type: 'select', value: chosen?.value ?? '', options: options.map((o) => o.value), required });
    } else if (tag!.toLowerCase() === 'textarea') {
      fields.push({ name, type: 'textarea', value: decode(inner.replace(/<\/textarea>$/i, '')), required });
    } else {
      const type = (attr(attrs!, 'type') ?? 'text').toLowerCase();
      if ((type === 'checkbox' || type === 'radio') && !/\bchecked\b/i.test(attrs!)) continue;
      if (type === 'submit' || type === 'button') continue;
      fields.push({ name, type, value: attr(attrs!, 'value') ?? (type === 'checkbox' ? 'on' : ''), required });
    }
  }
  return fields;
}

function attr(attrs: string, name: string): string | undefined {
  const m = new RegExp(`(?:^|\\s)${name}="([^"]*)"`, 'i').exec(attrs);
  return m ? decode(m[1]!) : undefined;
}

function decode(text: string): string {
  return text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
