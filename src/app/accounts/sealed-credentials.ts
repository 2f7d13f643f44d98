import ExcelJS from 'exceljs';
import { writeAesZip } from './aes-zip.ts';
import type { IssuedCredential } from './credentials.ts';

export const SEAL_PASSWORD_MIN = 8;

/**
 * The credentials of newly approved accounts as a "sealed" list for the requesting unit: an .xlsx inside
 * a ZIP encrypted with AES-256 under a password the administrator chooses and tells the unit by another
 * channel (phone). The server keeps neither the file nor the password; the passwords and links in it
 * exist in clear only in this response.
 */
export async function buildSealedCredentials(
  credentials: IssuedCredential[],
  input: { password: string; baseUrl: string; now?: Date },
): Promise<{ fileName: string; base64: string }> {
  const now = input.now ?? new Date();
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Tài khoản');
  ws.columns = [
    { header: 'STT', width: 6 },
    { header: 'Họ và tên', width: 26 },
    { header: 'Tên đăng nhập', width: 18 },
    { header: 'Phạm vi', width: 34 },
    { header: 'Mật khẩu tạm thời', width: 20 },
    { header: 'Đường dẫn kích hoạt (dùng một lần)', width: 70 },
    { header: 'Hạn kích hoạt', width: 18 },
  ];
  ws.getRow(1).font = { bold: true };
  credentials.forEach((c, i) =>
    ws.addRow([
      i + 1,
      c.fullName,
      c.username,
      c.scopeName,
      c.initialPassword ?? '',
      c.activationPath ? `${input.baseUrl}${c.activationPath}` : '',
      c.activationExpiresAt ? new Date(c.activationExpiresAt).toLocaleDateString('vi-VN') : '',
    ]),
  );
  ws.addRow([]);
  ws.addRow([
    '',
    'Mật khẩu tạm thời phải đổi ở lần đăng nhập đầu. Đường dẫn kích hoạt chỉ dùng được một lần.',
  ]);
  const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
  const stamp = now.toISOString().slice(0, 10);
  const zip = writeAesZip([{ name: `tai-khoan-${stamp}.xlsx`, data: xlsx }], input.password, now);
  return { fileName: `tai-khoan-${stamp}.zip`, base64: zip.toString('base64') };
}
