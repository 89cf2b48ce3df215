import ipaddr from 'ipaddr.js';

/**
 * An address's bytes as one canonical string, so two spellings of one address (`::ffff:a5b:2` and
 * `::ffff:10.91.0.2`, upper and lower case) compare equal; text that is no address is kept as it is.
 */
export function addressBytes(text: string): string {
  try {
    return ipaddr.parse(text).toByteArray().join('.');
  } catch {
    return text;
  }
}
