import { REGISTRY_PRESETS } from '../registries';
import { RegistryKind } from '../registries/preset';

/**
 * Whether to encrypt (seal, or encrypt with SOPS) credentials of these registry kinds so that the
 * same inputs give the same bytes: as `deterministic` says, else only when no kind's secret may be
 * a password a person chose (a guess at such a password could be confirmed by encrypting it).
 */
export function encryptsDeterministically(deterministic: boolean | undefined, kinds: readonly RegistryKind[]): boolean {
  return deterministic ?? kinds.every((k) => REGISTRY_PRESETS[k].personChosenSecret !== true);
}
