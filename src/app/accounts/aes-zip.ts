import { createCipheriv, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';

/**
 * A ZIP archive whose entries are encrypted with AES-256 in the WinZip AE-2 format (APPNOTE 6.3.x §7
 * and the WinZip "AES Encryption Information" note): PBKDF2-HMAC-SHA1 (1000 rounds) from the password and a
 * random 16-byte salt gives the AES key, an HMAC key and a 2-byte verifier; the deflated data is encrypted
 * with AES-256 in WinZip's counter mode (little-endian counter from 1) and authenticated with HMAC-SHA1
 * (first 10 bytes). 7-Zip, WinRAR, PeaZip and Keka open it; the Windows and macOS built-in unzippers
 * do not support AES. Written with node:crypto only.
 */
export function writeAesZip(
  entries: Array<{ name: string; data: Buffer }>,
  password: string,
  now = new Date(),
): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  const time = ((now.getHours() << 11) | (now.getMinutes() << 5) | (now.getSeconds() >> 1)) & 0xffff;
  const date = (((now.getFullYear() - 1980) << 9) | ((now.getMonth() + 1) << 5) | now.getDate()) & 0xffff;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const compressed = deflateRawSync(entry.data);
    const salt = randomBytes(16);
    const derived = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, 1000, 66, 'sha1');
    const key = derived.subarray(0, 32);
    const macKey = derived.subarray(32, 64);
    const verifier = derived.subarray(64, 66);
    const encrypted = winzipCtr(key, compressed);
    const mac = createHmac('sha1', macKey).update(encrypted).digest().subarray(0, 10);
    const payload = Buffer.concat([salt, verifier, encrypted, mac]);
    // AES extra field: id 0x9901, 7 bytes: AE-2, vendor "AE", strength 3 (256 bits), real method 8 (deflate).
    const extra = Buffer.alloc(11);
    extra.writeUInt16LE(0x9901, 0);
    extra.writeUInt16LE(7, 2);
    extra.writeUInt16LE(2, 4);
    extra.write('AE', 6, 'latin1');
    extra.writeUInt8(3, 8);
    extra.writeUInt16LE(8, 9);

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(51, 4); // version needed: 5.1 (AES)
    local.writeUInt16LE(0x0001 | 0x0800, 6); // encrypted, UTF-8 name
    local.writeUInt16LE(99, 8); // method 99: AES
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(0, 14); // AE-2: no CRC (the HMAC authenticates)
    local.writeUInt32LE(payload.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(extra.length, 28);
    locals.push(local, name, extra, payload);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(0x0333, 4); // made by: 5.1, Unix
    central.writeUInt16LE(51, 6);
    central.writeUInt16LE(0x0001 | 0x0800, 8);
    central.writeUInt16LE(99, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(date, 14);
    central.writeUInt32LE(0, 16);
    central.writeUInt32LE(payload.length, 20);
    central.writeUInt32LE(entry.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(extra.length, 30);
    central.writeUInt32LE((0o100600 << 16) >>> 0, 38); // -rw-------
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name, extra);
    offset += local.length + name.length + extra.length + payload.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** WinZip's AES-CTR: the keystream is AES(counter) with a 128-bit little-endian counter starting at 1. */
export function winzipCtr(key: Buffer, data: Buffer): Buffer {
  const blocks = Math.ceil(data.length / 16);
  const counters = Buffer.alloc(blocks * 16);
  for (let i = 0; i < blocks; i++) {
    const n = i + 1;
    counters.writeUInt32LE(n >>> 0, i * 16);
    counters.writeUInt32LE(Math.floor(n / 2 ** 32), i * 16 + 4);
  }
  const cipher = createCipheriv('aes-256-ecb', key, null);
  cipher.setAutoPadding(false);
  const stream = Buffer.concat([cipher.update(counters), cipher.final()]);
  const out = Buffer.alloc(data.length);
  for (let i = 0; i < data.length; i++) out[i] = data[i]! ^ stream[i]!;
  return out;
}
