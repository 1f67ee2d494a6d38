import { fillTemplate } from './body-template';

describe('fillTemplate', () => {
  it('keeps JSON types for whole placeholders and interpolates inside strings', () => {
    const out = fillTemplate(
      { to: '+4912345', msg: '{{title}}: {{summary}}', n: '{{count}}', raw: '{{groups}}', quote: '{{evil}}' },
      {
        title: 'T',
        summary: 'S "quoted"',
        count: 3,
        groups: [{ a: 1 }],
        evil: '"}, "x": "',
      },
    );
    expect(out).toEqual({ to: '+4912345', msg: 'T: S "quoted"', n: 3, raw: [{ a: 1 }], quote: '"}, "x": "' });
    expect(JSON.parse(JSON.stringify(out))).toEqual(out);
  });
});
