import { readInputText } from '../files/read-input-text.js';

/**
 * Reads a config file's text with readInputText: "not there" is CONFIG_NOT_FOUND; a FIFO, a device,
 * a directory or a file over a mebibyte is refused as CONFIG_INVALID, at once and without reading it.
 */
export function readConfigText(path: string): string {
  return readInputText(path, {
    what: 'config file',
    code: 'CONFIG_INVALID',
    notFoundCode: 'CONFIG_NOT_FOUND',
  });
}
