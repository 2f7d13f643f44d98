import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadCodeLists } from '../../reference/load-reference.ts';
import { isValidEmail, normalizePartyCard, normalizePhone } from './phone.ts';

const codes = loadCodeLists();

describe('normalizePhone', () => {
  // SO_DIEN_THOAI values of the samples and the truth's phone column.
  it.each([
    ['0989037847', '0989037847', 'mobile', false],
    ['0306824312', '0306824312', 'mobile', false],
    ['+84 389 944 807', '0389944807', 'mobile', false],
    ['+84980724632', '0980724632', 'mobile', false],
    ['0595.714.325', '0595714325', 'mobile', false],
    ['0988 489 030', '0988489030', 'mobile', false],
    ['84980724632', '0980724632', 'mobile', false],
    ['(+84) 98-072-4632', '0980724632', 'mobile', false],
    ['01648269445', '0348269445', 'mobile', true],
    ['0162 496 3777', '0324963777', 'mobile', true],
    ['0123 431 3936', '0834313936', 'mobile', true],
    ['0188 568 8872', '0585688872', 'mobile', true],
    ['+84 1648269445', '0348269445', 'mobile', true],
    ['024 3825 3535', '02438253535', 'landline', false],
    ['0203 3825 353', '02033825353', 'landline', false],
  ])('reads %j as %j', (raw, value, kind, oldPrefixConverted) => {
    expect(normalizePhone(raw, codes)).toEqual({ value, kind, oldPrefixConverted, valid: true });
  });

  // PHONE_FORMAT findings of the samples' truth: wrong length, unknown prefix, pre-2017 landline.
  it.each([
    '05219891489',
    '0118443185',
    '051691778',
    '043016150',
    '09985985139',
    '0123456789',
    'không có',
    '098x123456',
  ])('rejects %j', (raw) => {
    expect(normalizePhone(raw, codes)).toEqual({
      value: null,
      kind: 'invalid',
      oldPrefixConverted: false,
      valid: false,
    });
  });

  it('treats an empty cell as empty, not invalid', () => {
    expect(normalizePhone('  ', codes)).toEqual({
      value: null,
      kind: 'empty',
      oldPrefixConverted: false,
      valid: false,
    });
  });

  it('never throws and is idempotent', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^(\+84|0)[\d .-]{8,12}$/)), (s) => {
        const once = normalizePhone(s, codes);
        if (once.value === null) return;
        expect(normalizePhone(once.value, codes)).toEqual({ ...once, oldPrefixConverted: false });
      }),
    );
  });
});

describe('isValidEmail', () => {
  it.each([
    'hieu.tv7255@gmail.com',
    'khoa.lv5196@thainguyen.gov.vn',
    ' an.nv7476@yahoo.com ',
    "o'brien+tag@mail.example.org",
  ])('accepts %j', (raw) => {
    expect(isValidEmail(raw)).toBe(true);
  });

  // EMAIL_FORMAT findings of the samples.
  it.each([
    'loc.nv3163gmail.com',
    'uoc.lc9736@yahoo,com',
    'dat.hnh6991@@gmail.com',
    'thuy.lv8640@gmail',
    'nhan.dm8119@thainguyen.gov,vn',
    'a b@gmail.com',
    '.a@gmail.com',
    'a..b@gmail.com',
    '',
  ])('rejects %j', (raw) => {
    expect(isValidEmail(raw)).toBe(false);
  });

  it('never throws', () => {
    fc.assert(fc.property(fc.string(), (s) => typeof isValidEmail(s) === 'boolean'));
  });
});

describe('normalizePartyCard', () => {
  it.each([
    ['78832175', '78832175', true],
    [' 7883 2175 ', '78832175', true],
    ['7883.2175', '78832175', true],
    ['8559O115', '8559O115', false],
    ['A2058429', 'A2058429', false],
    ['4714354', '4714354', false],
    ['7683020812', '7683020812', false],
  ])('reads %j as %j (valid: %s)', (raw, digits, valid) => {
    expect(normalizePartyCard(raw)).toEqual({ digits, valid });
  });

  it('never throws and is idempotent', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[\d .]{8,10}$/)), (s) => {
        const once = normalizePartyCard(s);
        expect(normalizePartyCard(once.digits)).toEqual(once);
      }),
    );
  });
});
