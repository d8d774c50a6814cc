/**
 * The value of the `regcred.io/registries` annotation: the registry keys of a payload that regcred
 * cannot show (sealed, or made by an operator), joined by "," with "%" and "," percent-encoded in
 * each key, so that no key can split into two.
 */
export function encodeRegistriesAnnotation(keys: readonly string[]): string {
  return keys.map((k) => k.replace(/%/g, '%25').replace(/,/g, '%2C')).join(',');
}

/** The keys of an annotation value; one written before the encoding (no "%") reads the same. */
export function decodeRegistriesAnnotation(value: string): string[] {
  return value === '' ? [] : value.split(',').map((k) => k.replace(/%2C/gi, ',').replace(/%25/g, '%'));
}
