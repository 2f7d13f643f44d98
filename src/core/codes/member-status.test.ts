import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { memberStatusLabels, parseMemberStatus, type MemberStatus } from './member-status.ts';

describe('parseMemberStatus', () => {
  // TRANG_THAI values of the samples and the truth's status column.
  it.each<[string, MemberStatus]>([
    ['Chính thức', 'CHINH_THUC'],
    ['chính thức', 'CHINH_THUC'],
    ['CHÍNH THỨC', 'CHINH_THUC'],
    ['Chinh thuc', 'CHINH_THUC'],
    ['Dự bị', 'DU_BI'],
    ['Du bi', 'DU_BI'],
    ['DỰ BỊ', 'DU_BI'],
    ['Từ trần', 'TU_TRAN'],
    ['Tu tran', 'TU_TRAN'],
    ['Miễn sinh hoạt', 'MIEN_SINH_HOAT'],
    ['MIỄN SINH HOẠT', 'MIEN_SINH_HOAT'],
    ['Đã chuyển đi', 'CHUYEN_DI'],
    ['Da chuyen di', 'CHUYEN_DI'],
    ['ĐÃ CHUYỂN ĐI', 'CHUYEN_DI'],
    ['Xóa tên', 'XOA_TEN'],
    ['Xoá tên', 'XOA_TEN'],
    ['Khai trừ', 'KHAI_TRU'],
    ['KHAI_TRU', 'KHAI_TRU'],
  ])('reads %j as %s', (raw, value) => {
    expect(parseMemberStatus(raw)).toMatchObject({ ok: true, value });
  });

  it('marks the labels of the 3.0 software and the codes as exact', () => {
    expect(parseMemberStatus('Chính thức')).toEqual({ ok: true, value: 'CHINH_THUC', exact: true });
    expect(parseMemberStatus('chính thức')).toEqual({ ok: true, value: 'CHINH_THUC', exact: false });
  });

  it.each(['Chờ xét', 'Đang xử lý', 'Tạm dừng', 'N/A', '?'])('does not guess %j (STATUS_INVALID)', (raw) => {
    expect(parseMemberStatus(raw)).toEqual({ ok: false, reason: 'unrecognized' });
  });

  it('never throws and is idempotent', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.constantFrom(...Object.values(memberStatusLabels))), (s) => {
        const once = parseMemberStatus(s);
        if (!once.ok) return;
        expect(parseMemberStatus(once.value)).toEqual({ ok: true, value: once.value, exact: true });
        expect(parseMemberStatus(memberStatusLabels[once.value])).toMatchObject({ value: once.value });
      }),
    );
  });
});
