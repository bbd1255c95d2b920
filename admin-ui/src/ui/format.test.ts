// Date helpers of the shared formats.
import { describe, expect, it } from 'vitest';
import { endOfMonth } from './format';

describe('format', () => {
  it('knows the last day of a month', () => {
    expect(endOfMonth('2024-02')).toBe('2024-02-29');
    expect(endOfMonth('2023-02')).toBe('2023-02-28');
    expect(endOfMonth('2024-06')).toBe('2024-06-30');
  });
});
