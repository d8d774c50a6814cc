/**
 * A Secret encrypted with SOPS, as `regcred check` reads it: the Secret Flux's kustomize-controller
 * makes of it once decrypted (name, namespace, type, data keys, and the registry keys of the
 * `regcred.io/registries` annotation), and what stops Flux from making it.
 */
import { isRecord, own } from '../errors';
import { Severity } from './diagnostic';
import { KubeObject } from '../pod-specs';
import { DOCKERCFG_TYPE, DOCKER_CONFIG_JSON_TYPE } from '../resolve-pull-credentials';
import { REGISTRIES_ANNOTATION } from '../sealed-secret';
import type { ProvidedSecret, ProviderProblem } from './secret-providers';
import { annotatedRegistries, providedSecret } from './secret-providers';

const ENC = /^ENC\[AES256_GCM,data:[^,]*,iv:[^,]+,tag:[^,]+,type:([a-z]+)\]$/;
const REENCRYPT =
  'Encrypt the Secret again from its plain form (sops encrypt, or regcred with sops: { age: [...] } or --sops-age); never edit the sops block or the ENC[...] values by hand.';

/** Whether `o` is what Flux sees as a SOPS Secret: a v1 Secret with a top-level `sops` field. */
export function isSopsSecret(o: KubeObject): boolean {
  return o.kind === 'Secret' && o.apiVersion === 'v1' && own(o, 'sops') !== undefined;
}

/** What follows when a value does not decrypt to one string. */
const NOT_A_STRING =
  'once Flux\'s kustomize-controller decrypts it, its dry run refuses the Secret ("expected string"), which fails the whole Kustomization';

/** What a value under `data` or `stringData` decrypts to, or why it is not one SOPS string. */
function valueProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') {
    return `is ${Array.isArray(value) ? 'a list' : isRecord(value) ? 'a mapping' : `a ${typeof value}`}, not a string: SOPS encrypts each value inside it, and ${NOT_A_STRING}`;
  }
  const m = ENC.exec(value);
  if (m && m[1] !== 'str') {
    return `decrypts to a value of type ${m[1]}, not a string: ${NOT_A_STRING}`;
  }
  return undefined;
}

/** The Secret a SOPS Secret becomes in the cluster, and its problems. */
export function sopsSecret(
  o: KubeObject,
  namespace: string,
): { secrets: ProvidedSecret[]; problems: ProviderProblem[] } {
  const problems: ProviderProblem[] = [];
  const sops = own(o, 'sops');
  const mac = own(sops, 'mac');
  if (!isRecord(sops) || typeof mac !== 'string') {
    problems.push({
      code: 'SOPS_SECRET_INVALID',
      field: isRecord(sops) ? 'sops.mac' : 'sops',
      message: `The Secret has a top-level 'sops' block ${isRecord(sops) ? "without a 'mac'" : 'that is not a mapping'}: Flux's kustomize-controller decrypts only Secrets whose sops.mac is set, and refuses to apply a SOPS Secret it did not decrypt ("is SOPS encrypted, configuring decryption is required for this secret to be reconciled"), which fails the whole Kustomization. sops -d refuses it too.`,
      fix: REENCRYPT,
    });
  } else if (mac === '') {
    problems.push({
      code: 'SOPS_SECRET_INVALID',
      severity: Severity.WARNING,
      field: 'sops.mac',
      message: `'sops.mac' is empty: sops -d and sops edit refuse the file (its MAC does not match). Flux's kustomize-controller still decrypts and applies it, since it does not verify the MAC, but nothing tells a changed value from the one encrypted.`,
      fix: REENCRYPT,
    });
  }
  const keys: string[] = [];
  for (const field of ['data', 'stringData']) {
    const values = own(o, field);
    if (!isRecord(values)) continue;
    for (const [k, v] of Object.entries(values)) {
      keys.push(k);
      const problem = valueProblem(v);
      if (problem) {
        problems.push({
          code: 'SOPS_SECRET_INVALID',
          field: `${field}[${k}]`,
          message: `'${field}[${k}]' ${problem}.`,
          fix: 'Give the payload as one string: the base64 of the JSON under data, or the JSON text under stringData (regcred writes it under data).',
        });
      }
    }
  }
  const type = typeof own(o, 'type') === 'string' ? (own(o, 'type') as string) : 'Opaque';
  const registries = annotatedRegistries(o);
  if (type === DOCKER_CONFIG_JSON_TYPE || type === DOCKERCFG_TYPE) {
    problems.push({
      code: 'SOPS_PAYLOAD_NOT_VERIFIED',
      field: 'data',
      message:
        registries === undefined
          ? `The pull Secret is encrypted with SOPS and has no ${REGISTRIES_ANNOTATION} annotation: regcred cannot tell which registries it holds credentials for, so it takes it to match every image of the pods that list it, and cannot check its credentials.`
          : `The pull Secret is encrypted with SOPS: regcred read its registry keys (${registries.length > 0 ? registries.join(', ') : 'none'}) from ${REGISTRIES_ANNOTATION} and its expiry from the annotations, and cannot verify the encrypted credentials themselves.`,
      fix:
        registries === undefined
          ? `Encrypt it with regcred (sops: { age: [...] } or --sops-age), which writes ${REGISTRIES_ANNOTATION}, or add that annotation with the registry keys of the payload.`
          : 'Nothing to do; regcred verify checks credentials against the registry before they are encrypted.',
    });
  }
  const name = typeof own(o.metadata, 'name') === 'string' ? (own(o.metadata, 'name') as string) : '';
  return {
    secrets: [providedSecret(name, namespace, type, keys, registries, o.metadata)],
    problems,
  };
}
