import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './metrics.schema.ts';

describe('CSV export', () => {
  it('quotes per RFC 4180: commas, quotes, line breaks', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(12.5)).toBe('12.5');
  });
  it('defuses spreadsheet formulas in text cells, not in numbers', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+49 123')).toBe("'+49 123");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell(-2)).toBe('-2');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
  });
  it('joins rows with CRLF and ends with one', () => {
    expect(toCsv(['a', 'b'], [[1, 'x,y']])).toBe('a,b\r\n1,"x,y"\r\n');
  });
});
