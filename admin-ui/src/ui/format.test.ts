// Date helpers of the shared formats.
import { describe, expect, it } from 'vitest';
import { endOfMonth, instant, relative } from './format';

describe('format', () => {
  it('knows the last day of a month', () => {
    expect(endOfMonth('2024-02')).toBe('2024-02-29');
    expect(endOfMonth('2023-02')).toBe('2023-02-28');
    expect(endOfMonth('2024-06')).toBe('2024-06-30');
  });

  it('shows instants in UTC and how far they are from now', () => {
    expect(instant('2026-12-03T16:56:21.123456Z')).toBe('2026-12-03 16:56:21 UTC');
    expect(instant('2026-12-03T17:56:21+01:00')).toBe('2026-12-03 16:56:21 UTC');
    expect(instant('not a date')).toBe('not a date');
    const now = Date.parse('2026-12-03T10:00:00Z');
    expect(relative('2026-12-03T10:00:08Z', now)).toBe('in 8 s');
    expect(relative('2026-12-03T10:04:00Z', now)).toBe('in 4 min');
    expect(relative('2026-12-03T08:00:00Z', now)).toBe('2 h ago');
    expect(relative('2026-12-03T10:00:00Z', now)).toBe('now');
  });
});
