// Turns the bytes of a topology file into text, whatever PowerShell wrote: Windows PowerShell 5.1's
// `>` and Out-File write UTF-16LE with a BOM, `-Encoding utf8` adds a UTF-8 BOM, PowerShell 7
// writes UTF-8 without one, and `-Encoding BigEndianUnicode` UTF-16BE with a BOM.

export type TextEncodingName = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be';

export interface DecodedText {
  readonly text: string;
  readonly encoding: TextEncodingName;
}

export function decodeTopologyBytes(bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  }
  // UTF-16 without a BOM ([System.IO.File]::WriteAllText with Unicode encoding and no preamble):
  // "<" or "{" as its first character gives a zero byte on one side.
  if (bytes.length >= 4 && bytes[0] !== 0 && bytes[1] === 0 && bytes[2] !== 0 && bytes[3] === 0) {
    return { text: new TextDecoder('utf-16le').decode(bytes), encoding: 'utf-16le' };
  }
  if (bytes.length >= 4 && bytes[0] === 0 && bytes[1] !== 0 && bytes[2] === 0 && bytes[3] !== 0) {
    return { text: new TextDecoder('utf-16be').decode(bytes), encoding: 'utf-16be' };
  }
  return { text: new TextDecoder('utf-8').decode(bytes), encoding: 'utf-8' };
}

export const encodingNames: Readonly<Record<TextEncodingName, string>> = {
  'utf-8': 'UTF-8',
  'utf-8-bom': 'UTF-8 with a BOM',
  'utf-16le': 'UTF-16LE',
  'utf-16be': 'UTF-16BE',
};
