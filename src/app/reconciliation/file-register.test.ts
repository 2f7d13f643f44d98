import { describe, expect, it } from 'vitest';
import { FileRegister } from './file-register.ts';
import { RegisterError } from './register-error.ts';

const SAMPLES = new URL('../../../../shared/samples/', import.meta.url).pathname;
const HEADER = 'SO_DINH_DANH,HO_TEN,NGAY_SINH,GIOI_TINH';

function errorOf(run: () => unknown): RegisterError {
  try {
    run();
  } catch (error) {
    if (error instanceof RegisterError) return error;
    throw error;
  }
  throw new Error('expected a RegisterError');
}

describe('FileRegister', () => {
  it('loads a sample extract and looks ids up in batches', async () => {
    const register = await FileRegister.load(`${SAMPLES}s303-small/registry.csv`);
    expect(register.size).toBe(281);
    const found = await register.lookup(['084194694527', '999999999999']);
    expect([...found.keys()]).toEqual(['084194694527']);
    expect(found.get('084194694527')).toEqual({
      citizenId: '084194694527',
      fullName: 'Phùng Ngọc Oanh',
      birthDate: { year: 1994, month: 5, day: 26 },
      gender: 'Nữ',
    });
  });

  it('reads a BOM, CRLF line ends and columns in another order', async () => {
    const register = FileRegister.fromCsv(
      '\uFEFFHO_TEN,GIOI_TINH,SO_DINH_DANH,NGAY_SINH\r\nLê Thị Hải,Nữ,052169475856,27/08/1969\r\n',
    );
    expect((await register.lookup(['052169475856'])).get('052169475856')?.gender).toBe('Nữ');
  });

  it.each([
    ['an empty file', '', /empty/],
    ['a missing column', 'SO_DINH_DANH,HO_TEN,NGAY_SINH\n', /missing GIOI_TINH/],
    ['an id that is not 12 digits', `${HEADER}\n12345,An,01/01/1970,Nam\n`, /line 2: SO_DINH_DANH/],
    ['an ISO date', `${HEADER}\n019072160200,An,1970-01-01,Nam\n`, /line 2: NGAY_SINH/],
    ['an impossible date', `${HEADER}\n019072160200,An,31/02/1970,Nam\n`, /line 2: NGAY_SINH/],
    ['an unknown gender', `${HEADER}\n019072160200,An,01/01/1970,Khác\n`, /line 2: GIOI_TINH/],
    ['an empty name', `${HEADER}\n019072160200,,01/01/1970,Nam\n`, /line 2: HO_TEN/],
    [
      'a repeated id',
      `${HEADER}\n019072160200,An,01/01/1970,Nam\n019072160200,Bình,01/01/1970,Nam\n`,
      /line 3: .*repeats/,
    ],
  ])('refuses %s with a clear error', (_label, csv, message) => {
    const error = errorOf(() => FileRegister.fromCsv(csv, 'registry.csv'));
    expect(error.code).toBe('REGISTER_FILE_INVALID');
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/^registry\.csv: /);
  });

  it('refuses a file that does not exist', async () => {
    await expect(FileRegister.load('/nonexistent/registry.csv')).rejects.toMatchObject({
      code: 'REGISTER_FILE_INVALID',
    });
  });
});
