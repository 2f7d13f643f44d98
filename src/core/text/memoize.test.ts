import { describe, expect, it } from 'vitest';
import { memoizeText, memoizeTextOf } from './memoize.ts';

describe('memoizeText', () => {
  it('answers a repeated argument from its table, with the same value as the function', () => {
    let calls = 0;
    const upper = memoizeText((s: string) => {
      calls++;
      return { value: s.toUpperCase(), steps: [s.length] };
    });
    expect(upper('hoà')).toEqual({ value: 'HOÀ', steps: [3] });
    expect(upper('hoà')).toBe(upper('hoà'));
    expect(calls).toBe(1);
  });

  it('freezes what it shares, so one caller cannot change what another reads', () => {
    const steps = memoizeText((s: string) => ({ steps: [s] }));
    const first = steps('a');
    expect(Object.isFrozen(first)).toBe(true);
    expect(() => first.steps.push('b')).toThrow(TypeError);
    expect(steps('a').steps).toEqual(['a']);
  });

  it('empties its table at the limit, and still answers right', () => {
    let calls = 0;
    const twice = memoizeText((s: string) => {
      calls++;
      return s + s;
    }, 2);
    for (const s of ['a', 'b', 'c', 'a']) expect(twice(s)).toBe(s + s);
    expect(calls).toBe(4);
  });

  it('remembers undefined and null answers too', () => {
    let calls = 0;
    const none = memoizeText(() => {
      calls++;
      return null;
    });
    none('x');
    none('x');
    expect(calls).toBe(1);
  });
});

describe('memoizeTextOf', () => {
  it('keeps one table per reference object', () => {
    const a = { suffix: '!' };
    const b = { suffix: '?' };
    const tag = memoizeTextOf((o: { suffix: string }, s: string) => s + o.suffix);
    expect(tag(a, 'x')).toBe('x!');
    expect(tag(b, 'x')).toBe('x?');
  });
});
