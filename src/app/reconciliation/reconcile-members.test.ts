import { describe, expect, it } from 'vitest';
import { FileRegister } from './file-register.ts';
import type { PopulationRegister } from './population-register.ts';
import { reconcileMembers } from './reconcile-members.ts';

const register = FileRegister.fromCsv(
  'SO_DINH_DANH,HO_TEN,NGAY_SINH,GIOI_TINH\n019072160200,TRẦN MINH HẬU,27/03/1972,Nam\n',
);
const member = {
  fullName: 'Trần Minh Hậu',
  birthDate: { year: 1972, month: 3, day: 27 },
  gender: 'Nam' as const,
};

describe('reconcileMembers', () => {
  it('looks up the 12-digit ids in one batch and reports per member', async () => {
    const asked: string[][] = [];
    const spy: PopulationRegister = {
      lookup: (ids) => {
        asked.push([...ids]);
        return register.lookup(ids);
      },
    };
    const findings = await reconcileMembers(spy, [
      { key: 'DV1', citizenId: '019072160200', ...member },
      { key: 'DV2', citizenId: '019072160201', ...member },
      { key: 'DV3', citizenId: '035178809', ...member },
      { key: 'DV4', citizenId: '019072160200', ...member, gender: 'Nữ' },
    ]);
    expect(asked).toEqual([['019072160200', '019072160201', '019072160200']]);
    expect(findings.map((f) => [f.key, f.rule])).toEqual([
      ['DV2', 'RECON_NOT_FOUND'],
      ['DV4', 'RECON_GENDER_MISMATCH'],
    ]);
  });

  it('lets a register failure through instead of reporting members as not found', async () => {
    const down: PopulationRegister = { lookup: () => Promise.reject(new Error('down')) };
    await expect(
      reconcileMembers(down, [{ key: 'DV1', citizenId: '019072160200', ...member }]),
    ).rejects.toThrow('down');
  });
});
