import { checkJsonCondition, parseJsonPath } from './json-path';

describe('JSON path conditions', () => {
  it('parses the supported subset', () => {
    expect(parseJsonPath('$.checks["kafka:responseTime"][0].status')).toEqual([
      'checks',
      'kafka:responseTime',
      0,
      'status',
    ]);
    expect(parseJsonPath('$')).toEqual([]);
    expect(parseJsonPath('$..x')).toBeUndefined();
    expect(parseJsonPath('status')).toBeUndefined();
  });

  it('checks equality and existence', () => {
    const doc = { status: 'pass', checks: { 'kafka:responseTime': [{ status: 'fail' }] }, n: 3 };
    expect(checkJsonCondition(doc, { path: '$.status', equals: 'pass' })).toBeUndefined();
    expect(checkJsonCondition(doc, { path: '$.n', equals: 3 })).toBeUndefined();
    expect(
      checkJsonCondition(doc, { path: '$.checks["kafka:responseTime"][0].status', equals: 'pass' }),
    ).toBe('$.checks["kafka:responseTime"][0].status is "fail", expected "pass"');
    expect(checkJsonCondition(doc, { path: '$.missing', exists: true })).toBe('$.missing is missing');
    expect(checkJsonCondition(doc, { path: '$.status', exists: false })).toBe('$.status exists');
    expect(checkJsonCondition(doc, { path: '$.n', equals: '3' })).toMatch(/expected "3"/);
  });
});
