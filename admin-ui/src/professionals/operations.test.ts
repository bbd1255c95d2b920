import { describe, expect, it } from 'vitest';
import { parseBulkCsv } from './operations';

describe('parseBulkCsv', () => {
  it('reads rows with or without a header and reports bad lines by number', () => {
    const { rows, errors } = parseBulkCsv(
      'professional_id,action,date\nM1,associate,2024-06-01\n\nM2,END,2024-06-30\nM3,DELETE,2024-06-30\nM4,END,30/06/2024\n',
    );
    expect(rows).toEqual([
      { professionalId: 'M1', action: 'ASSOCIATE', date: '2024-06-01', line: 2 },
      { professionalId: 'M2', action: 'END', date: '2024-06-30', line: 4 },
    ]);
    expect(errors).toEqual(['line 5: action must be ASSOCIATE or END', 'line 6: the date must be YYYY-MM-DD']);
  });
});
