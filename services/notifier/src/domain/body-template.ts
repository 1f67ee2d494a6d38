/**
 * Fills a JSON body template for generic webhooks (SMS and voice gateways included). A string that is
 * exactly `{{name}}` becomes the variable's value with its JSON type (e.g. `{{groups}}`); other strings get
 * `{{name}}` replaced by the value's text. Filling a parsed tree, never text, keeps the result valid JSON.
 */
export function fillTemplate(template: unknown, vars: Record<string, unknown>): unknown {
  if (typeof template === 'string') {
    const whole = /^\{\{\s*([\w.]+)\s*\}\}$/.exec(template);
    if (whole) return vars[whole[1] as string] ?? '';
    return template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_m, name: string) => {
      const v = vars[name];
      if (v === undefined || v === null) return '';
      return typeof v === 'string' ? v : JSON.stringify(v);
    });
  }
  if (Array.isArray(template)) return template.map((t) => fillTemplate(t, vars));
  if (template !== null && typeof template === 'object')
    return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, fillTemplate(v, vars)]));
  return template;
}
